package io.ssegate.notifier.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the tokens the gateway accepts: signed JWTs that name the tasks their holder may
 * follow ({@link #subscribe}) or publish to ({@link #publish}), and expire. A service
 * hands its browser a subscribe token for one task:
 *
 * <pre class="code">
 * TaskTokens tokens = TaskTokens.hmac(secret);              // the gateway's ssegate.security.hmac-secret
 * String token = tokens.subscribe(Duration.ofHours(1), "export-42");
 * // browser: new EventSource('/sse/register?taskId=export-42&amp;token=' + token)
 * </pre>
 *
 * <p>
 * Claims: {@value #AUDIENCE_VALUE} as audience, {@code scope} ({@value #SUBSCRIBE} or
 * {@value #PUBLISH}), {@code tasks} (task ids, or prefixes ending in {@code *}, or
 * {@code *} alone for every task), {@code iat} and {@code exp}. Thread-safe.
 */
public final class TaskTokens {

	/** The scope of tokens that open streams. */
	public static final String SUBSCRIBE = "subscribe";

	/** The scope of tokens that publish through the gateway's HTTP API. */
	public static final String PUBLISH = "publish";

	/** The audience every token carries and the gateway requires. */
	public static final String AUDIENCE_VALUE = "ssegate";

	/** The claim holding the task patterns. */
	public static final String TASKS_CLAIM = "tasks";

	/** The claim holding the scope. */
	public static final String SCOPE_CLAIM = "scope";

	private static final Pattern TASK_PATTERN = Pattern.compile("\\*|[A-Za-z0-9._:-]{1,128}\\*?");

	private static final int MIN_SECRET_BYTES = 32;

	private final JWSSigner signer;

	private final JWSHeader header;

	private TaskTokens(JWSSigner signer, JWSHeader header) {
		this.signer = signer;
		this.header = header;
	}

	/**
	 * Sign with a shared secret (HS256), the gateway's
	 * {@code ssegate.security.hmac-secret}.
	 * @param secret the secret, at least 32 bytes of UTF-8
	 * @return the minter
	 * @throws IllegalArgumentException if the secret is shorter
	 */
	public static TaskTokens hmac(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("An HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
		}
		try {
			return new TaskTokens(new MACSigner(bytes), new JWSHeader(JWSAlgorithm.HS256));
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Unusable HS256 secret", ex);
		}
	}

	/**
	 * Sign with a private key: an RSA key (RS256) or a P-256 EC key (ES256) whose public
	 * half is in the gateway's {@code ssegate.security.jwks}. The key id, if any, goes
	 * into the token header.
	 * @param privateKey the private key
	 * @return the minter
	 * @throws IllegalArgumentException if the key is neither, or not private
	 */
	public static TaskTokens signedWith(JWK privateKey) {
		try {
			if (privateKey instanceof RSAKey rsa && rsa.isPrivate()) {
				return new TaskTokens(new RSASSASigner(rsa),
						new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build());
			}
			if (privateKey instanceof ECKey ec && ec.isPrivate()) {
				return new TaskTokens(new ECDSASigner(ec),
						new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build());
			}
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("Unusable signing key", ex);
		}
		throw new IllegalArgumentException("Expected a private RSA or EC key");
	}

	/**
	 * A token to follow tasks.
	 * @param ttl how long it is valid
	 * @param taskPatterns task ids, prefixes ending in {@code *}, or {@code *}
	 * @return the token
	 */
	public String subscribe(Duration ttl, String... taskPatterns) {
		return mint(SUBSCRIBE, ttl, taskPatterns);
	}

	/**
	 * A token to publish to tasks through the HTTP API.
	 * @param ttl how long it is valid
	 * @param taskPatterns task ids, prefixes ending in {@code *}, or {@code *}
	 * @return the token
	 */
	public String publish(Duration ttl, String... taskPatterns) {
		return mint(PUBLISH, ttl, taskPatterns);
	}

	private String mint(String scope, Duration ttl, String... taskPatterns) {
		if (Objects.requireNonNull(ttl, "ttl").isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		if (taskPatterns.length == 0) {
			throw new IllegalArgumentException("Name at least one task");
		}
		for (String pattern : taskPatterns) {
			if (pattern == null || !TASK_PATTERN.matcher(pattern).matches()) {
				throw new IllegalArgumentException("Task pattern must be a task id, a prefix ending in '*', or '*'");
			}
		}
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(AUDIENCE_VALUE)
			.claim(SCOPE_CLAIM, scope)
			.claim(TASKS_CLAIM, List.of(taskPatterns))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(ttl)))
			.build();
		SignedJWT jwt = new SignedJWT(this.header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing failed", ex);
		}
		return jwt.serialize();
	}

}
