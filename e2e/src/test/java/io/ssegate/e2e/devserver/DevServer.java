package io.ssegate.e2e.devserver;

import java.util.List;

/**
 * The front-end development servers of {@code e2e/src/test/devservers/}, each run as a
 * developer would (its command-line tool, or {@code node} for a hand-written server),
 * with its configuration file there. Each serves {@code index.html} and {@code page.js},
 * and proxies {@code /sse} and {@code /api} to the gateway given in {@code SSEGATE_URL};
 * each listens on {@code HOST} and {@code PORT}, given as environment variables and, to
 * the command-line tools, as options.
 */
enum DevServer {

	/**
	 * webpack-dev-server ({@code webpack serve}, {@code webpack.config.js}): compresses
	 * by default.
	 */
	WEBPACK_DEV_SERVER("node_modules/.bin/webpack", "serve", "--host", "{host}", "--port", "{port}"),

	/** Vite ({@code vite}, {@code vite.config.mjs}). */
	VITE("node_modules/.bin/vite", "--host", "{host}", "--port", "{port}", "--strictPort"),

	/**
	 * Express with compression and http-proxy-middleware ({@code express-server.mjs}).
	 */
	EXPRESS("express-server.mjs");

	private final List<String> arguments;

	DevServer(String... arguments) {
		this.arguments = List.of(arguments);
	}

	/**
	 * What {@code node} runs, in the project's directory.
	 * @param host the address to listen on
	 * @param port the port to listen on
	 * @return the script and its arguments
	 */
	List<String> nodeArguments(String host, int port) {
		return this.arguments.stream()
			.map((argument) -> argument.replace("{host}", host).replace("{port}", String.valueOf(port)))
			.toList();
	}

}
