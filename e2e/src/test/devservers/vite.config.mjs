// vite: the page (index.html of this directory), and /sse and /api proxied to the gateway.
import { defineConfig } from 'vite';

const gateway = process.env.SSEGATE_URL ?? 'http://localhost:8080';

export default defineConfig({
	server: {
		proxy: { '/sse': gateway, '/api': gateway },
	},
});
