// webpack serve: the page, and /sse and /api proxied to the gateway, with the defaults
// (compress: true) otherwise.
const gateway = process.env.SSEGATE_URL ?? 'http://localhost:8080';

module.exports = {
	mode: 'development',
	entry: './page.js',
	devServer: {
		static: __dirname,
		proxy: [{ context: ['/sse', '/api'], target: gateway }],
	},
};
