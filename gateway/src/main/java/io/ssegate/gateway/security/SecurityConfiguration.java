package io.ssegate.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Access-control settings, and CORS for the SSE endpoint (the publish API's is in
 * {@code publish.PublishConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration implements WebMvcConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	private final SecurityProperties properties;

	SecurityConfiguration(SecurityProperties properties) {
		this.properties = properties;
		if (properties.anonymous()) {
			logger.warn("ssegate.security.anonymous=true: anyone may follow and publish to any task");
		}
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.properties.allowedOrigins().isEmpty()) {
			return;
		}
		String[] origins = this.properties.allowedOrigins().toArray(String[]::new);
		registry.addMapping("/sse/**")
			.allowedOrigins(origins)
			.allowedMethods("GET")
			.allowedHeaders("Authorization", "Last-Event-ID", "Cache-Control")
			.allowCredentials(true);
	}

}
