package io.ssegate.gateway.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs that the node is ready, once. (Which broker it runs on, draining and Redis loss
 * are logged where they happen.)
 */
@Component
class NodeStateLog {

	private static final Logger logger = LoggerFactory.getLogger(NodeStateLog.class);

	private final Environment environment;

	NodeStateLog(Environment environment) {
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		logger.info("ssegate node ready on port {}", this.environment.getProperty("local.server.port"));
	}

}
