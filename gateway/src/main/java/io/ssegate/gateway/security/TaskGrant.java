package io.ssegate.gateway.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a verified token allows, and until when.
 *
 * @param scope {@code subscribe} or {@code publish}, or several scopes separated by
 * spaces (as OAuth's {@code scope} claim)
 * @param taskPatterns task ids, prefixes ending in {@code *}, or {@code *}
 * @param endsAt when the token stops being accepted: its expiry plus
 * {@link TokenVerifier#CLOCK_SKEW}
 * @param subject the token's subject ({@code sub}), or {@code null} when it has none
 */
record TaskGrant(String scope, List<String> taskPatterns, Instant endsAt, @Nullable String subject) {

	boolean allows(String requiredScope, String taskId) {
		return Arrays.asList(this.scope.split(" ")).contains(requiredScope)
				&& this.taskPatterns.stream().anyMatch((pattern) -> matches(pattern, taskId));
	}

	private static boolean matches(String pattern, String taskId) {
		return pattern.endsWith("*") ? taskId.startsWith(pattern.substring(0, pattern.length() - 1))
				: pattern.equals(taskId);
	}

}
