package io.ssegate.gateway.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.util.InetAddressSet;
import org.jspecify.annotations.Nullable;

/**
 * The address of the client behind a request: the peer's, or, when the peer is a trusted
 * proxy, the rightmost address of {@code X-Forwarded-For} that is not a trusted proxy
 * (the ones to its left are the client's word, which anyone can forge). Ranges are
 * matched by Jetty's {@link InetAddressSet}
 * (https://eclipse.dev/jetty/javadoc/jetty-12/org/eclipse/jetty/util/InetAddressPattern.html).
 */
final class ClientAddress {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	/**
	 * Literal addresses only, so that parsing one never looks a name up: IPv4 in dotted
	 * form, or anything with a colon (IPv6; no host name has one).
	 */
	private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final InetAddressSet trustedProxies = new InetAddressSet();

	/**
	 * Create the resolver.
	 * @param trustedProxies addresses or CIDR ranges of the trusted proxies
	 * @throws IllegalArgumentException if one is not an address or a range
	 */
	ClientAddress(List<String> trustedProxies) {
		trustedProxies.forEach(this.trustedProxies::add);
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return the address, in the text form of the peer's or the header's
	 */
	String of(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (this.trustedProxies.isEmpty() || !isTrusted(address)) {
			return address;
		}
		List<String> hops = request.getHeaders(FORWARDED_FOR) == null ? List.of()
				: java.util.Collections.list(request.getHeaders(FORWARDED_FOR));
		for (int i = hops.size() - 1; i >= 0; i--) {
			String[] entries = hops.get(i).split(",");
			for (int j = entries.length - 1; j >= 0; j--) {
				String hop = entries[j].trim();
				if (!hop.isEmpty() && !isTrusted(hop)) {
					return hop;
				}
			}
		}
		return address;
	}

	private boolean isTrusted(String address) {
		InetAddress parsed = parse(address);
		return parsed != null && this.trustedProxies.test(parsed);
	}

	private static @Nullable InetAddress parse(String address) {
		String literal = (address.startsWith("[") && address.endsWith("]")) ? address.substring(1, address.length() - 1)
				: address;
		if (!LITERAL.matcher(literal).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
