// An Express development server: every response compressed (compression), /sse and /api
// proxied to the gateway (http-proxy-middleware), the page served from this directory.
import compression from 'compression';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

const gateway = process.env.SSEGATE_URL ?? 'http://localhost:8080';

const app = express();
app.use(compression());
app.use(createProxyMiddleware({ pathFilter: ['/sse', '/api'], target: gateway }));
app.use(express.static(import.meta.dirname));
app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? 'localhost');
