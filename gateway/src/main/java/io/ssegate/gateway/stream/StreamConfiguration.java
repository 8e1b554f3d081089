package io.ssegate.gateway.stream;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Web settings of the stream endpoint.
 */
@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

	@Bean
	FilterRegistrationBean<StreamRequestTrimmer> streamRequestTrimmer() {
		FilterRegistrationBean<StreamRequestTrimmer> registration = new FilterRegistrationBean<>(
				new StreamRequestTrimmer());
		registration.addUrlPatterns("/sse/register");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		return registration;
	}

}
