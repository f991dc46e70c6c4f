package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.Api.Response;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart's HTTP API as a client calls it ({@link Api}): the tests make their data through it, never behind it. */
public final class QuickstartApi {

    private final String baseUrl;

    QuickstartApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        Api api = new Api(baseUrl, token);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            api = api.withHeader(header.getKey(), header.getValue());
        }
        return api.send(method, path, body);
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
