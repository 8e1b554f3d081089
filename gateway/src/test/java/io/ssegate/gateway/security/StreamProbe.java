package io.ssegate.gateway.security;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens streams with a token and says how the gateway answered; an opened stream is
 * closed once its first frame is read.
 */
final class StreamProbe {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String baseUrl;

	StreamProbe(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/**
	 * The status of a stream of {@code t1} opened with a token.
	 */
	int status(String token) throws Exception {
		return status("t1", token);
	}

	int status(String taskId, String token) throws Exception {
		HttpResponse<java.io.InputStream> response = this.http
			.sendAsync(request(taskId, token).build(), HttpResponse.BodyHandlers.ofInputStream())
			.get(20, TimeUnit.SECONDS);
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			if (response.statusCode() == 200) {
				assertThat(body.readLine()).startsWith("retry: ");
			}
			return response.statusCode();
		}
	}

	/**
	 * The whole answer to a request that is not expected to open a stream.
	 */
	HttpResponse<String> refusal(String token, String accept) throws Exception {
		return this.http
			.sendAsync(request("t1", token).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString())
			.get(20, TimeUnit.SECONDS);
	}

	private HttpRequest.Builder request(String taskId, String token) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + "/sse/register?taskId=" + taskId))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(20));
	}

}
