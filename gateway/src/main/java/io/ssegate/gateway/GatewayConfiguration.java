package io.ssegate.gateway;

import io.ssegate.gateway.broker.BrokerLimits;
import io.ssegate.gateway.publish.PublishProperties;
import io.ssegate.gateway.stream.StreamProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What joins the features: the settings of the stream and publish features that bound the
 * broker, which owns no setting of theirs.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	BrokerLimits brokerLimits(StreamProperties stream, PublishProperties publish) {
		return new BrokerLimits(stream.openTimeout(), publish.timeout(), publish.maxPayloadBytes(),
				publish.idempotencyTtl());
	}

}
