package io.ssegate.e2e.devserver;

import java.util.List;

import io.ssegate.e2e.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's proxy settings for the development servers ("Developing a front end") are
 * those that {@link DevServerStreamingIntegrationTests} runs: the proxy line of each
 * configuration file, with the README's gateway for the test's.
 */
class DevServerReadmeTests {

	private static final String README_GATEWAY = "'http://localhost:8080'";

	@ParameterizedTest
	@ValueSource(strings = { "webpack.config.js", "vite.config.mjs", "express-server.mjs" })
	void readmeShowsTheProxySettingThatIsTested(String file) {
		List<String> proxyLines = Repository.read("e2e/src/test/devservers/" + file)
			.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith("proxy:") || line.startsWith("app.use(createProxyMiddleware("))
			.toList();
		assertThat(proxyLines).hasSize(1);
		String setting = proxyLines.get(0).replaceAll("[,;]$", "").replaceAll("\\bgateway\\b", README_GATEWAY);
		assertThat(Repository.read("README.md")).contains(setting);
	}

}
