package io.masterflow.command.flow.metrics;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.Nodes;
import io.masterflow.command.support.TestClock;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Scrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command side's meters, read as Prometheus reads them: a node of its own on a database of its own (so that no
 * other test's flows, deadlines or leases move its figures, and no other node decides for its flows), flows driven
 * through the API, and after each step the scrape of its management port, without a token. Each meter moves by exactly
 * what the story did, under the flow type and phase it happened in, and no label names an account, a flow or a user.
 */
class FlowMetricsIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String TYPE = "planning";

    private static ConfigurableApplicationContext node;
    private static int managementPort;

    /** Each test is a tenant of its own, with users of its own, so that the label check knows every id it used. */
    private UUID account;
    private String operatorUser;
    private String workerUser;
    private Api operator;
    private Api worker;

    @BeforeAll
    static void start() {
        node = Nodes.start(TestPostgres.database("flow_metrics"), "--masterflow.scheduler.poll-interval=50ms",
                "--masterflow.workers.lease-check=100ms", "--masterflow.workers.recheck=100ms");
        managementPort = node.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    @BeforeEach
    void tenant() {
        account = UUID.randomUUID();
        operatorUser = "metrics-operator-" + UUID.randomUUID();
        workerUser = "metrics-agent-" + UUID.randomUUID();
        Api api = Nodes.api(node);
        operator = api.as(Tokens.tokenOf(operatorUser, account, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));
        worker = api.as(Tokens.tokenOf(workerUser, account, List.of(Tokens.ENGAGEMENT), Roles.WORKER));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_flow_from_creation_to_completion_moves_its_type_and_phases_meters() {
        Scrape before = Scrape.of(managementPort);
        String flow = created();
        assertThat(moved(before, "masterflow_flows_creations_total", "flow_type", TYPE)).isEqualTo(1);

        execute(flow);
        Scrape started = Scrape.of(managementPort);
        assertThat(moved(before, started, "masterflow_phase_attempts_started_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        // the gauge reads the task table at most every few seconds
        await().atMost(PATIENCE).until(() -> Scrape.of(managementPort).value("masterflow_tasks_waiting", "flow_type", TYPE,
                "runner", "worker") == 1);

        for (String phase : List.of("wave_planning", "timeline_optimization", "resource_allocation")) {
            if (!phase.equals("wave_planning")) {
                execute(flow);
            }
            complete(flow, phase);
        }
        Scrape after = Scrape.of(managementPort);
        for (String phase : List.of("wave_planning", "timeline_optimization", "resource_allocation")) {
            assertThat(moved(before, after, "masterflow_phase_attempts_completed_total", "flow_type", TYPE, "phase", phase)).isEqualTo(1);
            assertThat(moved(before, after, "masterflow_phase_duration_seconds_count", "flow_type", TYPE, "phase", phase)).isEqualTo(1);
            assertThat(moved(before, after, "masterflow_phase_duration_seconds_bucket", "flow_type", TYPE, "phase", phase, "le", "+Inf"))
                    .isEqualTo(1);
        }
        assertThat(moved(before, after, "masterflow_flows_completions_total", "flow_type", TYPE)).isEqualTo(1);
        assertThat(moved(before, after, "masterflow_phase_attempts_failed_total", "flow_type", TYPE)).isZero();
        await().atMost(PATIENCE).until(() -> Scrape.of(managementPort).value("masterflow_tasks_waiting", "flow_type", TYPE) == 0);
        assertNoTenantLabels(after, flow);
    }

    @Test
    void a_failed_phase_raises_the_failures_of_its_type_and_phase_and_a_retry_the_retries() {
        String flow = created();
        execute(flow);
        Scrape before = Scrape.of(managementPort);

        fail(flow, "wave_planning", 1, true);
        Scrape retried = Scrape.of(managementPort);
        assertThat(moved(before, retried, "masterflow_phase_attempts_failed_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, retried, "masterflow_phase_attempts_retried_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, retried, "masterflow_flows_failures_total", "flow_type", TYPE)).isZero();

        execute(flow);
        fail(flow, "wave_planning", 2, false);
        Scrape failed = Scrape.of(managementPort);
        assertThat(moved(before, failed, "masterflow_phase_attempts_started_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, failed, "masterflow_phase_attempts_failed_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(2);
        assertThat(moved(before, failed, "masterflow_phase_attempts_retried_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, failed, "masterflow_flows_failures_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, failed, "masterflow_phase_attempts_failed_total", "flow_type", "assessment")).isZero();

        deleted(flow);
        assertThat(moved(failed, "masterflow_flows_deletions_total", "flow_type", TYPE)).isEqualTo(1);
    }

    @Test
    void a_timeout_counts_as_a_failure_and_a_time_out_of_its_phase() {
        String flow = created();
        execute(flow);
        Scrape before = Scrape.of(managementPort);

        TestClock.INSTANCE.advance(Duration.ofMinutes(61));

        await().atMost(PATIENCE).until(() -> moved(before, "masterflow_phase_attempts_timed_out_total", "flow_type", TYPE,
                "phase", "wave_planning") == 1);
        Scrape after = Scrape.of(managementPort);
        assertThat(moved(before, after, "masterflow_phase_attempts_failed_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, after, "masterflow_phase_attempts_retried_total", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        deleted(flow);
    }

    @Test
    void workers_claims_reports_and_lost_leases_move_the_worker_meters() {
        Scrape before = Scrape.of(managementPort);
        String first = created();
        execute(first);
        JsonNode task = claim();
        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of("output", Map.of()));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);

        Scrape reported = Scrape.of(managementPort);
        assertThat(moved(before, reported, "masterflow_task_wait_seconds_count", "flow_type", TYPE, "phase", "wave_planning")).isEqualTo(1);
        assertThat(moved(before, reported, "masterflow_worker_reports_total", "flow_type", TYPE, "phase", "wave_planning",
                "outcome", "completed")).isEqualTo(1);
        assertThat(moved(before, reported, "masterflow_worker_report_latency_seconds_count", "flow_type", TYPE, "phase", "wave_planning"))
                .isEqualTo(1);
        await().atMost(PATIENCE).until(() -> Scrape.of(managementPort).value("masterflow_workers", "health", "healthy") >= 1);

        String second = created();
        execute(second);
        claim();
        TestClock.INSTANCE.advance(Duration.ofSeconds(61));

        await().atMost(PATIENCE).until(() -> moved(reported, "masterflow_worker_lease_expiries_total", "flow_type", TYPE,
                "phase", "wave_planning") == 1);
        Scrape expired = Scrape.of(managementPort);
        assertThat(moved(reported, expired, "masterflow_phase_attempts_failed_total", "flow_type", TYPE, "phase", "wave_planning"))
                .isEqualTo(1);
        assertThat(moved(reported, expired, "masterflow_worker_reports_total", "flow_type", TYPE)).isZero();
        await().atMost(PATIENCE).until(() -> Scrape.of(managementPort).value("masterflow_workers", "health", "late") >= 1);
        assertNoTenantLabels(Scrape.of(managementPort), first, second, task.path("taskId").asText());
        deleted(second);
    }

    @Test
    void refused_creations_are_counted_by_reason_and_never_by_the_requested_name() {
        Scrape before = Scrape.of(managementPort);
        String unknownType = "no-such-type-" + UUID.randomUUID();

        Api.Response unknown = operator.withHeader("X-Engagement-Id", Tokens.ENGAGEMENT).post("/api/v1/flows",
                Map.of("flowType", unknownType, "name", "x"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        Api keyed = operator.withHeader("X-Engagement-Id", Tokens.ENGAGEMENT).withHeader("Idempotency-Key", UUID.randomUUID().toString());
        assertThat(keyed.post("/api/v1/flows", Map.of("flowType", TYPE, "name", "first")).status()).isEqualTo(201);
        assertThat(keyed.post("/api/v1/flows", Map.of("flowType", TYPE, "name", "another")).status()).isEqualTo(409);

        Scrape after = Scrape.of(managementPort);
        assertThat(moved(before, after, "masterflow_flows_creation_refusals_total", "flow_type", "unknown", "reason", "invalid")).isEqualTo(1);
        assertThat(moved(before, after, "masterflow_flows_creation_refusals_total", "flow_type", TYPE, "reason", "conflict")).isEqualTo(1);
        assertThat(moved(before, after, "masterflow_flows_creations_total", "flow_type", TYPE)).isEqualTo(1);
        assertThat(after.text()).doesNotContain(unknownType);
    }

    @Test
    void the_scrape_answers_on_the_management_port_without_a_token_and_the_api_port_shows_nothing() {
        Scrape scrape = Scrape.of(managementPort);
        assertThat(scrape.value("masterflow_event_store_reachable")).isEqualTo(1);
        assertThat(scrape.has("http_server_requests_seconds_count")).isTrue();

        Api publicPort = Nodes.api(node);
        for (String token : new String[]{null, Tokens.operator(), Tokens.platformOperator()}) {
            Api.Response prometheus = publicPort.as(token).get("/actuator/prometheus");
            assertThat(prometheus.status()).as("the API port's /actuator/prometheus with %s", token).isIn(401, 403, 404);
            assertThat(String.valueOf(prometheus.body())).doesNotContain("masterflow_");
            assertThat(publicPort.as(token).get("/actuator/metrics").status()).isIn(401, 403, 404);
        }
        Api.Response health = publicPort.as(Tokens.platformOperator()).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().toString()).isEqualTo("{\"status\":\"UP\"}");

        Api management = new Api(managementPort, null);
        assertThat(management.get("/actuator/health").body().toString()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(management.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(management.as(Tokens.operator()).get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(management.as(Tokens.platformOperator()).get("/actuator/metrics/masterflow.flows.creations").status()).isEqualTo(200);
        assertThat(management.as(Tokens.platformOperator()).get("/actuator/health").body().path("components").has("db")).isTrue();
    }

    // ---- the story's steps, through the API

    private String created() {
        Api.Response created = operator.withHeader("X-Engagement-Id", Tokens.ENGAGEMENT).post("/api/v1/flows",
                Map.of("flowType", TYPE, "name", "metered " + UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("flowId");
    }

    private void execute(String flow) {
        Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute", Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
    }

    private void complete(String flow, String phase) {
        Api.Response completed = operator.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete", Map.of("attempt",
                attemptOf(flow)));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    }

    private void fail(String flow, String phase, int attempt, boolean retryable) {
        Api.Response failed = operator.post("/api/v1/flows/" + flow + "/phases/" + phase + "/fail",
                Map.of("attempt", attempt, "error", "solver timed out", "retryable", retryable));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
    }

    /** Deleted, so that no retry of its own moves the figures of the tests after it. */
    private void deleted(String flow) {
        Api.Response deleted = operator.delete("/api/v1/flows/" + flow + "?reason=done");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    }

    private static int attemptOf(String flow) {
        Integer attempt = node.getBean(JdbcTemplate.class).queryForObject("select max(attempt) from phase_task where flow_id = ?",
                Integer.class, flow);
        return attempt == null ? 0 : attempt;
    }

    private JsonNode claim() {
        Api.Response claimed = worker.post("/api/v1/tasks/claim", Map.of("flowTypes", List.of(TYPE), "maxTasks", 1, "waitSeconds", 5));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        JsonNode task = claimed.body().path("tasks").path(0);
        assertThat(task.isMissingNode()).as("a task was leased: %s", claimed).isFalse();
        return task;
    }

    // ---- reading the scrape

    private static double moved(Scrape before, String name, String... labels) {
        return moved(before, Scrape.of(managementPort), name, labels);
    }

    private static double moved(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    /** No label of any sample names the account, the engagement, a flow, a task or a user of the story. */
    private void assertNoTenantLabels(Scrape scrape, String... ids) {
        Set<String> forbidden = new HashSet<>(List.of(account.toString(), Tokens.ENGAGEMENT, workerUser, operatorUser));
        forbidden.addAll(List.of(ids));
        for (Scrape.Sample sample : scrape.samples()) {
            for (String value : sample.labels().values()) {
                assertThat(forbidden).as("labels of %s", sample).noneMatch(value::contains);
            }
            assertThat(sample.labels().keySet()).as("labels of %s", sample)
                    .doesNotContain("account", "client_account_id", "engagement", "flow", "flow_id", "user", "user_id", "worker", "worker_id");
        }
    }
}
