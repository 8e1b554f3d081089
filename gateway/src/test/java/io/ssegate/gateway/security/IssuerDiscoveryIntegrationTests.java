package io.ssegate.gateway.security;

import com.nimbusds.jose.jwk.RSAKey;
import io.ssegate.gateway.support.GatewayNodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code issuer-uri}: the key set is found through OpenID discovery, and a token's
 * {@code iss} must be that issuer.
 */
class IssuerDiscoveryIntegrationTests {

	@Test
	void keysComeFromTheDiscoveredKeySetAndTheIssuerIsChecked() throws Exception {
		RSAKey key = IdentityProviderStub.newKey();
		try (IdentityProviderStub provider = IdentityProviderStub.start();
				GatewayNodes node = GatewayNodes.start(1, "ssegate.security.issuer-uri=" + provider.issuer())) {
			provider.publish(key);
			StreamProbe streams = new StreamProbe(node.url(0));
			assertThat(streams.status(IdentityProviderStub.token(key, (claims) -> claims.issuer(provider.issuer()))))
				.isEqualTo(200);
			assertThat(provider.keySetRequests()).isEqualTo(1);
			assertThat(
					streams.status(IdentityProviderStub.token(key, (claims) -> claims.issuer("https://evil.example"))))
				.isEqualTo(401);
			assertThat(streams.status(IdentityProviderStub.token(key))).as("without iss").isEqualTo(401);
		}
	}

}
