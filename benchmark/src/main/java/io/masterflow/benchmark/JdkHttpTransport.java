package io.masterflow.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HttpClient (HTTP/1.1, one client shared by every thread, its pool opening a connection per
 * concurrent request): the harness's one HTTP client.
 */
final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;
    private final String baseUrl;
    private final String token;
    private final String engagementId;

    JdkHttpTransport(HttpClient client, String baseUrl, String token, String engagementId) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.token = token;
        this.engagementId = engagementId;
    }

    static HttpClient sharedClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public Response post(String path, byte[] jsonBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("X-Engagement-Id", engagementId)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    public void close() {
        // the shared client's connections go with it
    }
}
