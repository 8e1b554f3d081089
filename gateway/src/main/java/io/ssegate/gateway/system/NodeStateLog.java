package io.ssegate.gateway.system;

import io.ssegate.gateway.broker.EventBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs that the node is ready, once. (Draining and Redis loss are logged where they
 * happen.)
 */
@Component
class NodeStateLog {

	private static final Logger logger = LoggerFactory.getLogger(NodeStateLog.class);

	private final EventBroker broker;

	private final Environment environment;

	NodeStateLog(EventBroker broker, Environment environment) {
		this.broker = broker;
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		logger.info("ssegate node ready on port {} ({})", this.environment.getProperty("local.server.port"),
				this.broker.getClass().getSimpleName());
	}

}
