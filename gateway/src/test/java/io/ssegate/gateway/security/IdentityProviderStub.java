package io.ssegate.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ssegate.notifier.tokens.TaskTokens;

/**
 * An identity provider on the JDK's HTTP server: its key set at {@code /jwks}, an OpenID
 * discovery document at {@code /.well-known/openid-configuration} (naming itself the
 * issuer), keys that tests add and remove, and an outage switch (503 for everything).
 */
final class IdentityProviderStub implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger keySetRequests = new AtomicInteger();

	private volatile List<RSAKey> published = List.of();

	private volatile boolean down;

	private IdentityProviderStub(HttpServer server) {
		this.server = server;
	}

	static IdentityProviderStub start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		IdentityProviderStub stub = new IdentityProviderStub(server);
		server.createContext("/jwks", stub::keySet);
		server.createContext("/.well-known/openid-configuration", stub::discovery);
		server.start();
		return stub;
	}

	/**
	 * A new RSA key, not published yet.
	 */
	static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A token signed with a key, with {@code kid}: a valid subscribe token for
	 * {@code t1}, as changed by {@code claims}.
	 */
	static String token(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> claims) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder valid = new JWTClaimsSet.Builder().audience(TaskTokens.AUDIENCE_VALUE)
			.claim(TaskTokens.SCOPE_CLAIM, TaskTokens.SUBSCRIBE)
			.claim(TaskTokens.TASKS_CLAIM, List.of("t1"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims.apply(valid).build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	static String token(RSAKey key) {
		return token(key, UnaryOperator.identity());
	}

	/**
	 * Publish exactly these keys from now on.
	 */
	void publish(RSAKey... keys) {
		this.published = List.of(keys);
	}

	/**
	 * Answer 503 to everything, or answer again.
	 */
	void down(boolean down) {
		this.down = down;
	}

	/** The base URL, which is also the issuer. */
	String issuer() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	String jwkSetUri() {
		return issuer() + "/jwks";
	}

	/** How many times the key set was asked for. */
	int keySetRequests() {
		return this.keySetRequests.get();
	}

	private void keySet(HttpExchange exchange) throws IOException {
		this.keySetRequests.incrementAndGet();
		JWKSet keys = new JWKSet(this.published.stream().<JWK>map(RSAKey::toPublicJWK).toList());
		answer(exchange, keys.toString());
	}

	private void discovery(HttpExchange exchange) throws IOException {
		answer(exchange, JSONObjectUtils.toJSONString(Map.of("issuer", issuer(), "jwks_uri", jwkSetUri())));
	}

	private void answer(HttpExchange exchange, String json) throws IOException {
		try (exchange) {
			if (this.down) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
