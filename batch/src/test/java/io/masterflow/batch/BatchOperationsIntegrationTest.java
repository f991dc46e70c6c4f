package io.masterflow.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches over HTTP, in the command and query sides running in one process as masterflow.jar runs them, on a real
 * PostgreSQL: each selected flow acted on once, one that moved on skipped with the reason, a dry run touching
 * nothing, a stop, another tenant's flows and batches out of reach.
 */
@SpringBootTest(classes = {CommandSideApplication.class, QuerySideApplication.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=command-side,query-side,application", "masterflow.batches.poll-interval=100ms"})
class BatchOperationsIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final UUID account = UUID.randomUUID();
    private final UUID engagement = UUID.randomUUID();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String database = TestPostgres.newDatabase("batch");
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", TestPostgres::user);
        registry.add("spring.datasource.password", TestPostgres::password);
        registry.add("masterflow.security.jwt.secret", () -> TestTokens.SECRET);
    }

    private Api operator() {
        return new Api(port, TestTokens.token("ops", account, List.of(engagement.toString()), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER))
                .withHeader("X-Engagement-Id", engagement.toString());
    }

    private List<String> flows(int count, String flowType) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Response created = operator().post("/api/v1/flows", Map.of("flowType", flowType, "name", flowType + " " + i));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            ids.add(created.field("flowId"));
        }
        // the batch selects on the read model: wait until it holds them all
        await().atMost(PATIENCE).until(() -> operator().get("/api/v1/flows?flowType=" + flowType + "&limit=200").body()
                .path("items").size() == count);
        return ids;
    }

    private long events(String flowId, String type) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?",
                Long.class, flowId, "%." + type);
        return count == null ? 0 : count;
    }

    private JsonNode awaitFinished(String batchId) {
        return await().atMost(PATIENCE).until(() -> operator().get("/api/v1/batches/" + batchId).body(),
                progress -> !progress.path("state").asText().equals("RUNNING"));
    }

    @Test
    void a_pause_batch_pauses_every_selected_flow_once_and_reports_each_outcome() {
        List<String> flows = flows(12, "finops");

        Api.Response started = operator().post("/api/v1/batches", Map.of("operation", "pause",
                "filter", Map.of("flowType", "finops", "status", List.of("CREATED")), "arguments", Map.of("reason", "freeze")));

        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertThat(started.body().path("selected").asInt()).isEqualTo(12);
        assertThat(started.header("Location")).isEqualTo("/api/v1/batches/" + started.field("batchId"));
        JsonNode done = awaitFinished(started.field("batchId"));
        assertThat(done.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("done").asLong()).isEqualTo(12);
        assertThat(done.path("skipped").asLong() + done.path("failed").asLong() + done.path("pending").asLong()).isZero();
        assertThat(flows).allSatisfy(flow -> assertThat(events(flow, "FlowPaused")).as(flow).isEqualTo(1));
        JsonNode items = operator().get("/api/v1/batches/" + started.field("batchId") + "/items?limit=5").body();
        assertThat(items.path("items")).hasSize(5).allSatisfy(item -> assertThat(item.path("state").asText()).isEqualTo("DONE"));
        assertThat(items.path("nextCursor").asText()).isNotBlank();
        // the audit trail says which batch it came through
        String via = jdbc.queryForObject("SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%.FlowPaused'", String.class, flows.get(0));
        assertThat(via).contains("\"via\":\"batch:" + started.field("batchId") + "\"");
    }

    @Test
    void a_flow_that_moved_on_after_the_batch_selected_it_is_skipped_with_the_reason() {
        List<String> flows = flows(3, "modernize");
        // a slow batch: the first flow changes before the batch gets to it
        Api.Response started = operator().post("/api/v1/batches", Map.of("operation", "execute", "filter", Map.of("flowType", "modernize")));
        String batchId = started.field("batchId");
        JsonNode done = awaitFinished(batchId);

        assertThat(done.path("done").asLong() + done.path("skipped").asLong()).isEqualTo(3);
        Api.Response again = operator().post("/api/v1/batches", Map.of("operation", "execute", "filter", Map.of("flowType", "modernize")));
        operator().post("/api/v1/flows/" + flows.get(0) + "/pause", Map.of());
        JsonNode second = awaitFinished(again.field("batchId"));
        JsonNode skipped = operator().get("/api/v1/batches/" + again.field("batchId") + "/items?state=skipped").body().path("items");
        assertThat(second.path("skipped").asLong()).isEqualTo(3);
        assertThat(skipped).extracting(item -> item.path("reason").asText())
                .allSatisfy(reason -> assertThat(reason).containsAnyOf("is still running", "is paused", "not the expected"));
        assertThat(flows).allSatisfy(flow -> assertThat(events(flow, "PhaseStarted")).as(flow).isEqualTo(1));
    }

    @Test
    void a_dry_run_counts_the_flows_and_touches_none() {
        List<String> flows = flows(4, "decommission");

        Api.Response dryRun = operator().post("/api/v1/batches", Map.of("operation", "delete", "filter", Map.of("flowType", "decommission"),
                "dryRun", true));

        assertThat(dryRun.status()).isEqualTo(200);
        assertThat(dryRun.body().path("wouldTouch").asInt()).isEqualTo(4);
        assertThat(flows).allSatisfy(flow -> assertThat(events(flow, "FlowDeleted")).isZero());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batch WHERE client_account_id = ?", Long.class, account)).isZero();
    }

    @Test
    void bad_requests_name_their_field() {
        Api.Response noOperation = operator().post("/api/v1/batches", Map.of("filter", Map.of()));
        Api.Response unknown = operator().post("/api/v1/batches", Map.of("operation", "explode"));
        Api.Response rewindWithoutPhase = operator().post("/api/v1/batches", Map.of("operation", "rewind"));
        Api.Response badStatus = operator().post("/api/v1/batches", Map.of("operation", "pause", "filter", Map.of("status", List.of("SLEEPING"))));

        assertThat(List.of(noOperation, unknown, rewindWithoutPhase, badStatus)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(400));
        assertThat(noOperation.field("field")).isEqualTo("operation");
        assertThat(unknown.field("field")).isEqualTo("operation");
        assertThat(rewindWithoutPhase.field("field")).isEqualTo("arguments.toPhase");
        assertThat(badStatus.field("field")).isEqualTo("filter.status");
    }

    @Test
    void another_account_neither_selects_nor_sees_this_accounts_flows_and_batches() {
        flows(2, "observability");
        Api stranger = new Api(port, TestTokens.token("eve", UUID.randomUUID(), List.of("*"), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));
        String batchId = operator().post("/api/v1/batches", Map.of("operation", "pause", "filter", Map.of("flowType", "observability")))
                .field("batchId");

        assertThat(stranger.post("/api/v1/batches", Map.of("operation", "pause", "filter", Map.of("flowType", "observability"),
                "dryRun", true)).body().path("wouldTouch").asInt()).isZero();
        assertThat(stranger.get("/api/v1/batches/" + batchId).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/batches/" + batchId).status()).isEqualTo(404);
        Api viewer = new Api(port, TestTokens.token("vic", account, List.of(engagement.toString()), Roles.FLOW_VIEWER));
        assertThat(viewer.get("/api/v1/batches/" + batchId).status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/batches", Map.of("operation", "pause")).status()).isEqualTo(403);
    }
}
