package io.ssegate.e2e.idp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.awaitility.Awaitility.await;

/**
 * Keycloak's server distribution (unpacked into {@code target/keycloak} by the pom),
 * started with {@code kc.sh start-dev} on an in-memory database and the realm of
 * {@code idp/ssegate-realm.json} imported; its admin REST API rotates the realm's signing
 * key. Owns the process: {@link #close()} stops it.
 *
 * @see <a href="https://www.keycloak.org/server/importExport">Keycloak: importing and
 * exporting realms</a>
 * @see <a href="https://www.keycloak.org/docs-api/latest/rest-api/index.html">Keycloak
 * Admin REST API</a>
 */
final class KeycloakServer implements AutoCloseable {

	static final String REALM = "ssegate";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final String ADMIN = "admin";

	private static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Path log;

	private final int port;

	private KeycloakServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start Keycloak on a free port; {@link #awaitRealm()} waits until it serves the
	 * realm.
	 * @param log where its output goes
	 * @return the starting server
	 */
	static KeycloakServer launch(Path log) throws IOException {
		Path home = home();
		Path imports = Files.createDirectories(home.resolve("data/import"));
		try (var realm = KeycloakServer.class.getResourceAsStream("/idp/ssegate-realm.json")) {
			Files.write(imports.resolve("ssegate-realm.json"), realm.readAllBytes());
		}
		int port = freePort();
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
				"--db=dev-mem", "--import-realm", "--http-host=127.0.0.1", "--http-port=" + port,
				"--http-management-port=" + freePort())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
		builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN);
		return new KeycloakServer(builder.start(), log, port);
	}

	/**
	 * The realm's issuer, as its tokens name it in {@code iss}.
	 * @return the issuer URI
	 */
	String issuer() {
		return "http://127.0.0.1:" + this.port + "/realms/" + REALM;
	}

	/**
	 * An access token of a client of the realm, through the client credentials grant.
	 * @param clientId the client
	 * @param secret its secret
	 * @return the serialized token
	 */
	String clientToken(String clientId, String secret) {
		JsonNode answer = post(issuer() + "/protocol/openid-connect/token",
				Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
		return answer.get("access_token").asString();
	}

	/**
	 * Rotate the realm's RS256 signing key: a new key with a higher priority signs from
	 * now on, and every key that signed before becomes passive (still published, so that
	 * the tokens it signed verify until they expire).
	 */
	void rotateSigningKey() {
		String admin = post("http://127.0.0.1:" + this.port + "/realms/master/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN))
			.get("access_token")
			.asString();
		String components = "http://127.0.0.1:" + this.port + "/admin/realms/" + REALM + "/components";
		List<ObjectNode> signing = signingKeyProviders(admin, components);
		int priority = signing.stream()
			.mapToInt((provider) -> Integer.parseInt(provider.get("config").get("priority").get(0).asString()))
			.max()
			.orElse(0) + 100;
		ObjectNode rotated = this.json.createObjectNode()
			.put("name", "rsa-rotated-" + priority)
			.put("providerId", "rsa-generated")
			.put("providerType", KEY_PROVIDER)
			.put("parentId", signing.get(0).get("parentId").asString());
		ObjectNode config = rotated.putObject("config");
		config.putArray("priority").add(String.valueOf(priority));
		config.putArray("algorithm").add("RS256");
		send(admin, HttpRequest.newBuilder(URI.create(components)).POST(body(rotated)), 201);
		for (ObjectNode provider : signing) {
			((ObjectNode) provider.get("config")).putArray("active").add("false");
			send(admin, HttpRequest.newBuilder(URI.create(components + "/" + provider.get("id").asString()))
				.PUT(body(provider)), 204);
		}
	}

	private List<ObjectNode> signingKeyProviders(String admin, String components) {
		JsonNode all = this.json
			.readTree(send(admin, HttpRequest.newBuilder(URI.create(components + "?type=" + KEY_PROVIDER)).GET(), 200));
		return all.valueStream()
			.filter((provider) -> provider.get("providerId").asString().equals("rsa-generated"))
			.filter((provider) -> !provider.path("config").path("active").path(0).asString("true").equals("false"))
			.map(ObjectNode.class::cast)
			.toList();
	}

	private HttpRequest.BodyPublisher body(JsonNode node) {
		return HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(node));
	}

	private String send(String admin, HttpRequest.Builder request, int expectedStatus) {
		HttpResponse<String> response = exchange(
				request.header("Authorization", "Bearer " + admin).header("Content-Type", "application/json"));
		if (response.statusCode() != expectedStatus) {
			throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private JsonNode post(String url, Map<String, String> form) {
		String encoded = form.entrySet()
			.stream()
			.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encoded)));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
		}
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> exchange(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What Keycloak logged so far, for failure messages.
	 * @return the log
	 */
	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/**
	 * Wait until the realm answers, within a few minutes (a first start builds Keycloak's
	 * Quarkus application, about 30 s).
	 */
	void awaitRealm() {
		URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
		await("Keycloak's realm at " + discovery).atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("Keycloak exited (" + this.process.exitValue() + "):\n" + log());
				}
				try {
					return this.http
						.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
								HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
	}

	@Override
	public void close() {
		this.http.close();
		// kc.sh runs Keycloak's JVM as its child.
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static Path home() throws IOException {
		Path unpacked = Path.of("target", "keycloak").toAbsolutePath();
		try (Stream<Path> entries = Files.list(unpacked)) {
			return entries.filter((entry) -> entry.getFileName().toString().startsWith("keycloak-"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No Keycloak in " + unpacked + ": the e2e pom unpacks it (./mvnw -pl e2e -am verify)"));
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
