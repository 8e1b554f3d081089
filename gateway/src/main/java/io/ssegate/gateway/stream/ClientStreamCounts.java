package io.ssegate.gateway.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ssegate.gateway.stream.StreamRefusedException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The open streams of each client on this node, by token subject and by address, held to
 * {@link ClientLimitProperties}' limits.
 */
final class ClientStreamCounts {

	private final Map<String, Integer> bySubject = new ConcurrentHashMap<>();

	private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();

	private final @Nullable Integer perSubject;

	private final @Nullable Integer perAddress;

	ClientStreamCounts(ClientLimitProperties properties) {
		this.perSubject = properties.streamsPerSubject();
		this.perAddress = properties.streamsPerIp();
	}

	/**
	 * Count one more stream of a client, unless it would be over a limit.
	 * @param client the client
	 * @return what to run when the stream closes
	 * @throws StreamRefusedException if the client holds its maximum already (reason
	 * {@link Reason#SUBJECT_LIMIT} or {@link Reason#IP_LIMIT})
	 */
	Runnable open(Client client) {
		String subject = client.subject();
		if (subject != null && this.perSubject != null) {
			claim(this.bySubject, subject, this.perSubject, Reason.SUBJECT_LIMIT);
		}
		if (this.perAddress != null) {
			try {
				claim(this.byAddress, client.address(), this.perAddress, Reason.IP_LIMIT);
			}
			catch (StreamRefusedException ex) {
				release(this.bySubject, subject);
				throw ex;
			}
		}
		return () -> {
			release(this.bySubject, subject);
			release(this.byAddress, client.address());
		};
	}

	private static void claim(Map<String, Integer> counts, String key, int limit, Reason reason) {
		boolean[] refused = { false };
		counts.compute(key, (name, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= limit) {
				refused[0] = true;
				return count;
			}
			return current + 1;
		});
		if (refused[0]) {
			throw new StreamRefusedException(reason, "This client holds its maximum of " + limit + " streams here ("
					+ ((reason == Reason.SUBJECT_LIMIT) ? "per token subject" : "per address") + ")");
		}
	}

	private static void release(Map<String, Integer> counts, @Nullable String key) {
		if (key != null) {
			counts.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/**
	 * Who opens a stream.
	 *
	 * @param subject the token's subject, or {@code null}
	 * @param address the client's address
	 */
	record Client(@Nullable String subject, String address) {

	}

}
