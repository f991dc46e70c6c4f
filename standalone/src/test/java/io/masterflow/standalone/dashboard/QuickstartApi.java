package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart's HTTP API as a client calls it: the tests make their data through it, never behind it. */
public final class QuickstartApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String baseUrl;

    QuickstartApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, JsonNode body, String text) {
    }

    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !response.body().isBlank() ? JSON.readTree(response.body()) : JSON.nullNode();
            return new Response(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    /** A successful POST's body; anything else fails the test with the answer. */
    public JsonNode post(String path, String token, Object body) {
        Response response = send("POST", path, token, body, Map.of());
        assertThat(response.status()).as("POST %s: %s", path, response.text()).isBetween(200, 299);
        return response.body();
    }

    /** Creates a flow and returns its id. */
    public String createFlow(String token, UUID engagement, String type, String name) {
        Response created = send("POST", "/api/v1/flows", token, Map.of("flowType", type, "name", name),
                Map.of("X-Engagement-Id", engagement.toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().path("flowId").asText();
    }

    /** Starts the next phase; returns {flowId, phase, attempt, version}. */
    public JsonNode execute(String token, String flowId) {
        return post("/api/v1/flows/" + flowId + "/execute", token, Map.of());
    }

    public JsonNode complete(String token, String flowId, String phase, int attempt) {
        return post("/api/v1/flows/" + flowId + "/phases/" + phase + "/complete", token, Map.of("attempt", attempt));
    }

    /** Starts and completes the next phase. */
    public JsonNode runNextPhase(String token, String flowId) {
        JsonNode started = execute(token, flowId);
        return complete(token, flowId, started.path("phase").asText(), started.path("attempt").asInt());
    }

    /** Waits until the query side shows the flow at that version (the API's read-your-writes). */
    public JsonNode awaitVersion(String token, String flowId, long version) {
        Response flow = get("/api/v1/flows/" + flowId + "?minVersion=" + version + "&waitMs=5000", token);
        assertThat(flow.status()).as(flow.text()).isEqualTo(200);
        assertThat(flow.body().path("version").asLong()).isGreaterThanOrEqualTo(version);
        return flow.body();
    }
}
