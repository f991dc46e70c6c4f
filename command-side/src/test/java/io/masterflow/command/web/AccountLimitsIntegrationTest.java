package io.masterflow.command.web;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one account may take of the command side: bodies, documents and inventories of bounded size, a bounded rate of
 * commands, a bounded number of waiting claims. An account over a limit gets 413 or 429 and nothing is written, while
 * another account's calls in the same seconds go through. The limited accounts' own limits are IntegrationTest's.
 */
class AccountLimitsIntegrationTest extends IntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_body_over_its_limit_is_refused_whether_it_says_its_length_or_is_sent_in_chunks() throws Exception {
        String twoMegabytes = JSON.writeValueAsString(Map.of("flowType", "planning", "name", "big",
                "configuration", manyKeys(2 * 1024 * 1024)));

        HttpResponse<String> declared = send(HttpRequest.BodyPublishers.ofString(twoMegabytes));
        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(twoMegabytes.getBytes(StandardCharsets.UTF_8))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(JSON.readTree(declared.body()).path("detail").asText()).contains("1048576 bytes");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("detail").asText()).contains("1048576 bytes");
    }

    @Test
    void a_configuration_larger_than_a_document_may_be_is_refused_naming_it() {
        Api.Response answer = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "large configuration",
                "configuration", manyKeys(300 * 1024)));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.text("field")).isEqualTo("configuration");
        assertThat(answer.text("detail")).contains("masterflow.limits.document");
    }

    @Test
    void a_string_longer_than_json_allows_is_413_and_a_body_nested_too_deep_is_400() {
        Api.Response longName = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "n".repeat(300 * 1024)));
        String deep = "{\"flowType\":\"planning\",\"name\":\"deep\",\"configuration\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}";
        Api.Response nested = api.post("/api/v1/flows", deep);

        assertThat(longName.status()).as(longName.toString()).isEqualTo(413);
        assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
        assertThat(nested.text("detail")).contains("json-depth");
    }

    @Test
    void an_inventory_may_be_larger_than_a_body_but_hold_no_more_rows_than_its_account_may_send() {
        String twoMegabyteInventory = "name,kind\n" + IntStream.range(0, 80_000).mapToObj(i -> "server-" + i + ",server")
                .collect(Collectors.joining("\n"));
        assertThat(twoMegabyteInventory.length()).isGreaterThan(1024 * 1024);
        Api.Response large = api.post("/api/v1/flows/" + discoveryFlow(api) + "/execute",
                Map.of("input", Map.of("source", "cmdb.csv", "inventory", twoMegabyteInventory)));

        Api sizeLimited = api.as(Tokens.token(Tokens.SIZE_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR));
        Api.Response fourRows = sizeLimited.post("/api/v1/flows/" + discoveryFlow(sizeLimited) + "/execute",
                Map.of("input", Map.of("source", "cmdb.csv", "inventory", "name,kind\na,server\nb,server\n\"c\nd\",server\ne,server\n")));
        Api.Response threeRows = sizeLimited.post("/api/v1/flows/" + discoveryFlow(sizeLimited) + "/execute",
                Map.of("input", Map.of("source", "cmdb.csv", "inventory", "name,kind\na,server\nb,server\n\"c\nd\",server\n")));

        assertThat(large.status()).as(large.toString()).isEqualTo(202);
        assertThat(fourRows.status()).as(fourRows.toString()).isEqualTo(413);
        assertThat(fourRows.text("field")).isEqualTo("input.inventory");
        assertThat(threeRows.status()).as(threeRows.toString()).isEqualTo(202);
    }

    @Test
    void a_worker_reports_no_more_discovered_assets_at_once_than_an_inventory_may_hold() {
        Api operator = api.as(Tokens.token(Tokens.SIZE_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR))
                .withHeader("X-Engagement-Id", Tokens.ENGAGEMENT);
        String flow = operator.post("/api/v1/flows", Map.of("flowType", "planning", "name", "discovered by a worker")).text("flowId");
        operator.post("/api/v1/flows/" + flow + "/execute", Map.of());
        Api worker = api.as(Tokens.token(Tokens.SIZE_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.WORKER));
        String taskId = worker.post("/api/v1/tasks/claim", Map.of("maxTasks", 100)).body().path("tasks").findValuesAsText("taskId").stream()
                .findFirst().orElseThrow();
        List<Map<String, Object>> fourAssets = IntStream.range(0, 4)
                .mapToObj(i -> Map.<String, Object>of("assetId", "server-" + i, "name", "server " + i)).toList();

        Api.Response refused = worker.post("/api/v1/tasks/" + taskId + "/complete", Map.of("assets", fourAssets));
        Api.Response accepted = worker.post("/api/v1/tasks/" + taskId + "/complete", Map.of("assets", fourAssets.subList(0, 3)));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.text("field")).isEqualTo("assets");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    }

    @Test
    void a_tenant_over_its_command_rate_gets_429_while_another_tenants_commands_still_succeed() {
        Api limited = api.as(Tokens.token(Tokens.RATE_LIMITED_ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR));
        Map<String, Object> flow = Map.of("flowType", "planning", "name", "one of many");

        List<Integer> limitedAnswers = IntStream.range(0, 5).mapToObj(i -> limited.post("/api/v1/flows", flow).status()).toList();
        Api.Response refused = limited.post("/api/v1/flows", flow);
        Api.Response other = api.post("/api/v1/flows", flow);

        assertThat(limitedAnswers.subList(0, 3)).containsOnly(201);
        assertThat(limitedAnswers).contains(429);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.text("detail")).contains("masterflow.limits.commands");
        assertThat(other.status()).isEqualTo(201);
    }

    @Test
    void a_tenant_over_its_waiting_claims_gets_429_while_another_tenants_claims_still_wait() throws Exception {
        Api limited = api.as(Tokens.token(Tokens.CLAIM_LIMITED_ACCOUNT, List.of("*"), Roles.WORKER));
        Api other = api.as(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.WORKER));
        Map<String, Object> waitingClaim = Map.of("flowTypes", List.of("planning"), "waitSeconds", 2);

        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(() -> limited.post("/api/v1/tasks/claim", waitingClaim));
        Thread.sleep(500);
        Api.Response overLimit = limited.post("/api/v1/tasks/claim", waitingClaim);
        Api.Response otherWaits = other.post("/api/v1/tasks/claim", waitingClaim);
        Api.Response noWait = limited.post("/api/v1/tasks/claim", Map.of("flowTypes", List.of("planning")));

        assertThat(overLimit.status()).isEqualTo(429);
        assertThat(overLimit.text("detail")).contains("masterflow.limits.waiting-claims");
        assertThat(otherWaits.status()).isEqualTo(200);
        assertThat(noWait.status()).as("a claim that does not wait holds no place").isEqualTo(200);
        assertThat(waiting.get().status()).isEqualTo(200);
        assertThat(limited.post("/api/v1/tasks/claim", waitingClaim).status()).as("the place is free again").isEqualTo(200);
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/flows"))
                .header("Authorization", "Bearer " + Tokens.operator()).header("X-Engagement-Id", Tokens.ENGAGEMENT)
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON object of about {@code bytes} bytes, in short strings, so that no one string is long. */
    private static Map<String, Object> manyKeys(int bytes) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < bytes / 32; i++) {
            document.put("key-" + i, "a value of some twenty bytes");
        }
        return document;
    }

    private static String discoveryFlow(Api as) {
        Api.Response created = as.withHeader("X-Engagement-Id", Tokens.ENGAGEMENT)
                .post("/api/v1/flows", Map.of("flowType", "discovery", "name", "inventory " + UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("flowId");
    }
}
