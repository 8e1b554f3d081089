package io.ssegate.gateway.security;

import java.util.List;

/**
 * What a verified token allows.
 *
 * @param scope {@code subscribe} or {@code publish}
 * @param taskPatterns task ids, prefixes ending in {@code *}, or {@code *}
 */
record TaskGrant(String scope, List<String> taskPatterns) {

	boolean allows(String requiredScope, String taskId) {
		return this.scope.equals(requiredScope)
				&& this.taskPatterns.stream().anyMatch((pattern) -> matches(pattern, taskId));
	}

	private static boolean matches(String pattern, String taskId) {
		return pattern.endsWith("*") ? taskId.startsWith(pattern.substring(0, pattern.length() - 1))
				: pattern.equals(taskId);
	}

}
