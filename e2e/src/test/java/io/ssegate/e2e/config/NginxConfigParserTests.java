package io.ssegate.e2e.config;

import java.util.List;

import io.ssegate.e2e.config.NginxConfig.Directive;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@link NginxConfig} parser that the other tests read nginx files with: blocks,
 * directives, quoting, and the inheritance of settings into locations.
 */
class NginxConfigParserTests {

	private static final String CONFIG = """
			# a comment
			upstream app { server a:1 max_fails=1; server b:1; }
			server {
				listen 8080;
				proxy_set_header Host $host; # trailing comment
				proxy_set_header Connection "";
				proxy_read_timeout 60s;
				location /sse/ {
					proxy_read_timeout 1h;
					return 200 'a { quoted ; string';
				}
				location / {
					proxy_set_header X-Only here;
				}
			}
			""";

	@Test
	void parsesBlocksDirectivesAndQuotedArguments() {
		Directive root = NginxConfig.parse(CONFIG);
		assertThat(root.block("upstream", "app").all("server")).extracting(Directive::args)
			.containsExactly(List.of("a:1", "max_fails=1"), List.of("b:1"));
		assertThat(root.block("location", "/sse/").all("return").get(0).args()).containsExactly("200",
				"a { quoted ; string");
		assertThat(root.block("server").all("proxy_set_header").get(1).args()).containsExactly("Connection", "");
	}

	@Test
	void locationInheritsWhatItDoesNotSetItself() {
		Directive root = NginxConfig.parse(CONFIG);
		assertThat(root.block("location", "/sse/").effective("proxy_read_timeout")).get()
			.extracting(Directive::arg)
			.isEqualTo("1h");
		assertThat(root.block("location", "/").effective("proxy_read_timeout")).get()
			.extracting(Directive::arg)
			.isEqualTo("60s");
		assertThat(root.block("location", "/").effective("proxy_cache")).isEmpty();
	}

	@Test
	void headersAreInheritedOnlyIntoBlocksWithoutTheirOwn() {
		Directive root = NginxConfig.parse(CONFIG);
		assertThat(root.block("location", "/sse/").effectiveAll("proxy_set_header")).hasSize(2);
		assertThat(root.block("location", "/").effectiveAll("proxy_set_header")).extracting(Directive::toString)
			.containsExactly("proxy_set_header X-Only here");
	}

	@Test
	void rejectsUnbalancedBlocks() {
		assertThatIllegalArgumentException().isThrownBy(() -> NginxConfig.parse("server { listen 80;"));
		assertThatIllegalArgumentException().isThrownBy(() -> NginxConfig.parse("listen 80; }"));
		assertThatIllegalArgumentException().isThrownBy(() -> NginxConfig.parse("listen 80"));
	}

}
