package io.ssegate.gateway.stream;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's address: the peer's, unless the peer is a trusted proxy.
 */
class ClientAddressTests {

	private final ClientAddress address = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7"));

	@Test
	void untrustedPeerIsTheClientWhateverItForwards() {
		assertThat(this.address.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
	}

	@Test
	void trustedPeerForwardsTheRightmostUntrustedAddress() {
		assertThat(this.address.of(request("10.1.2.3", "198.51.100.66, 198.51.100.1, 10.9.9.9")))
			.isEqualTo("198.51.100.1");
		assertThat(this.address.of(request("192.168.1.7", "198.51.100.1", "10.2.2.2"))).isEqualTo("198.51.100.1");
	}

	@Test
	void trustedPeerWithoutAnUntrustedHopIsTheClient() {
		assertThat(this.address.of(request("10.1.2.3"))).isEqualTo("10.1.2.3");
		assertThat(this.address.of(request("10.1.2.3", "10.4.4.4"))).isEqualTo("10.1.2.3");
	}

	@Test
	void namesAndGarbageInTheHeaderAreTakenAsTheClientWithoutALookup() {
		assertThat(this.address.of(request("10.1.2.3", "localhost"))).isEqualTo("localhost");
		assertThat(this.address.of(request("10.1.2.3", "[2001:db8::1]"))).isEqualTo("[2001:db8::1]");
	}

	@Test
	void noTrustedProxiesMeansThePeer() {
		assertThat(new ClientAddress(List.of()).of(request("10.1.2.3", "198.51.100.1"))).isEqualTo("10.1.2.3");
	}

	private static MockHttpServletRequest request(String peer, String... forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		for (String header : forwardedFor) {
			request.addHeader("X-Forwarded-For", header);
		}
		return request;
	}

}
