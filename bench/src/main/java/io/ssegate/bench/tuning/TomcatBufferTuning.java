package io.ssegate.bench.tuning;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Smaller per-connection socket buffers for Tomcat: {@code socket.appReadBufSize} and
 * {@code socket.appWriteBufSize} (8 KiB each by default, allocated for every open
 * connection; the read buffer also sizes the request head buffer), which Spring Boot has
 * no property for. An SSE stream reads one small request and writes small frames. Sizes:
 * {@code bench.tomcat.app-read-buffer-size} (default 1024) and
 * {@code bench.tomcat.app-write-buffer-size} (default 2048).
 */
@AutoConfiguration
public final class TomcatBufferTuning {

	@Bean
	TomcatConnectorCustomizer smallSocketBuffers(Environment environment) {
		String read = environment.getProperty("bench.tomcat.app-read-buffer-size", "1024");
		String write = environment.getProperty("bench.tomcat.app-write-buffer-size", "2048");
		return (connector) -> {
			connector.setProperty("socket.appReadBufSize", read);
			connector.setProperty("socket.appWriteBufSize", write);
		};
	}

}
