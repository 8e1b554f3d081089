package io.ssegate.notifier.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link RedisNotConfiguredException} as Spring Boot reports a missing setting:
 * what is wrong, and what to set, without a stack trace.
 */
class RedisNotConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<RedisNotConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisNotConfiguredException cause) {
		return new FailureAnalysis(RedisNotConfiguredException.DESCRIPTION, RedisNotConfiguredException.ACTION, cause);
	}

}
