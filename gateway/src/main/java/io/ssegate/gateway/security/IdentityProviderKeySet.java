package io.ssegate.gateway.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an identity provider's key set: from {@code jwk-set-uri}, or from the
 * {@code jwks_uri} of the OpenID discovery document of {@code issuer-uri} (read once it
 * answers, and checked to name the same issuer). Every fetch is counted; caching, rate
 * limiting and outage tolerance are nimbus's {@code JWKSourceBuilder}'s, around this
 * source.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">OpenID
 * Connect Discovery 1.0, section 4</a>
 */
final class IdentityProviderKeySet implements JWKSetSource<SecurityContext> {

	private static final Logger logger = LoggerFactory.getLogger(IdentityProviderKeySet.class);

	private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

	private final @Nullable URI issuerUri;

	private final ResourceRetriever retriever;

	private final SecurityMeters meters;

	private volatile @Nullable URLBasedJWKSetSource<SecurityContext> source;

	private volatile boolean failing;

	private volatile boolean fetched;

	private IdentityProviderKeySet(@Nullable URI issuerUri, @Nullable URI jwkSetUri, ResourceRetriever retriever,
			SecurityMeters meters) {
		this.issuerUri = issuerUri;
		this.retriever = retriever;
		this.meters = meters;
		this.source = (jwkSetUri != null) ? new URLBasedJWKSetSource<>(toUrl(jwkSetUri), retriever) : null;
	}

	/**
	 * The key set at a URL.
	 */
	static IdentityProviderKeySet at(URI jwkSetUri, ResourceRetriever retriever, SecurityMeters meters) {
		return new IdentityProviderKeySet(null, jwkSetUri, retriever, meters);
	}

	/**
	 * The key set of an issuer, found through its discovery document.
	 */
	static IdentityProviderKeySet ofIssuer(URI issuerUri, ResourceRetriever retriever, SecurityMeters meters) {
		return new IdentityProviderKeySet(issuerUri, null, retriever, meters);
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
			@Nullable SecurityContext context) throws KeySourceException {
		try {
			JWKSet keys = source().getJWKSet(refreshEvaluator, currentTime, context);
			this.meters.keySetFetched();
			this.fetched = true;
			if (this.failing) {
				this.failing = false;
				logger.info("The identity provider's key set is back ({} keys)", keys.size());
			}
			return keys;
		}
		catch (KeySourceException ex) {
			this.meters.keySetFetchFailed();
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not fetch the identity provider's key set: {}", ex.getMessage());
			}
			throw ex;
		}
	}

	/**
	 * Whether a key set was fetched since the node started.
	 * @return {@code true} after the first successful fetch
	 */
	boolean hasFetched() {
		return this.fetched;
	}

	private URLBasedJWKSetSource<SecurityContext> source() throws KeySourceException {
		URLBasedJWKSetSource<SecurityContext> current = this.source;
		if (current == null) {
			current = new URLBasedJWKSetSource<>(discoverJwkSetUrl(), this.retriever);
			this.source = current;
		}
		return current;
	}

	private URL discoverJwkSetUrl() throws KeySourceException {
		String issuer = String.valueOf(this.issuerUri);
		String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		try {
			Map<String, Object> configuration = JSONObjectUtils
				.parse(this.retriever.retrieveResource(toUrl(URI.create(base + DISCOVERY_PATH))).getContent());
			if (!issuer.equals(JSONObjectUtils.getString(configuration, "issuer"))) {
				throw new JWKSetRetrievalException("The discovery document of " + issuer + " names another issuer",
						null);
			}
			URI jwksUri = JSONObjectUtils.getURI(configuration, "jwks_uri");
			if (jwksUri == null) {
				throw new JWKSetRetrievalException("The discovery document of " + issuer + " has no jwks_uri", null);
			}
			return toUrl(jwksUri);
		}
		catch (IOException | ParseException ex) {
			throw new JWKSetRetrievalException("Could not read the discovery document of " + issuer + ": " + ex, ex);
		}
	}

	private static URL toUrl(URI uri) {
		try {
			return uri.toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a URL: " + uri, ex);
		}
	}

	@Override
	public void close() throws IOException {
		URLBasedJWKSetSource<SecurityContext> current = this.source;
		if (current != null) {
			current.close();
		}
	}

}
