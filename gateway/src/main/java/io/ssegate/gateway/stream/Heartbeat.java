package io.ssegate.gateway.stream;

import java.time.Duration;

import io.ssegate.gateway.event.SseFrame;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends a comment on every open stream at a fixed rate, so that idle streams stay open
 * through proxies, and a client that vanished without closing its connection (which
 * {@link HangupWatch} cannot see) is noticed once the kernel gives up on it.
 */
@Component
class Heartbeat implements SchedulingConfigurer {

	private final StreamRegistry registry;

	private final Duration interval;

	Heartbeat(StreamRegistry registry, StreamProperties properties) {
		this.registry = registry;
		this.interval = properties.heartbeatInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedRateTask(() -> this.registry.sendToAll(SseFrame.HEARTBEAT), this.interval);
	}

}
