package io.masterflow.command.task;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.command.support.TestClock;
import io.masterflow.command.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External workers over real HTTP: claim, heartbeat, complete, fail; leases, stale reports and concurrent claims.
 * Each test works in an account of its own, so that it sees its own tasks only.
 */
class WorkerApiIntegrationTest extends IntegrationTest {

    private static final String ENGAGEMENT = Tokens.ENGAGEMENT;

    private UUID account;
    private Api operator;
    private Api worker;

    @BeforeEach
    void tenant() {
        account = UUID.randomUUID();
        operator = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));
        worker = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.WORKER));
    }

    private String startedFlow(String type, boolean autoAdvance) {
        Api.Response created = operator.post("/api/v1/flows", Map.of("flowType", type, "name", "worker test", "autoAdvance", autoAdvance));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String flow = created.text("flowId");
        Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv")));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return flow;
    }

    private JsonNode claimOne(Api as, int waitSeconds) {
        Api.Response claimed = as.post("/api/v1/tasks/claim", Map.of("maxTasks", 1, "waitSeconds", waitSeconds));
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        return claimed.body().path("tasks").path(0);
    }

    @Test
    void an_auto_advancing_flow_is_run_to_completion_by_a_worker_over_http() {
        String flow = startedFlow("planning", true);

        List<String> phasesDone = new ArrayList<>();
        for (int phase = 0; phase < 3; phase++) {
            JsonNode task = claimOne(worker, 5);
            assertThat(task.path("flowId").asText()).isEqualTo(flow);
            assertThat(task.path("attempt").asInt()).isEqualTo(1);
            assertThat(task.path("leaseExpiresAt").asText()).isNotBlank();
            Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                    Map.of("output", Map.of("done", task.path("phase").asText())));
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            phasesDone.add(task.path("phase").asText());
        }

        assertThat(phasesDone).containsExactly("wave_planning", "timeline_optimization", "resource_allocation");
        assertThat(eventTypes(flow)).endsWith("PhaseCompleted", "FlowCompleted");
        assertThat(userOf(flow, 2)).isEqualTo("user-worker");
    }

    @Test
    void a_discovery_flow_is_run_to_completion_its_import_in_process_and_every_other_phase_by_a_worker_over_http() {
        Api.Response created = operator.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "estate", "autoAdvance", true));
        String flow = created.text("flowId");
        operator.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "cmdb.csv",
                "inventory", "name,kind\napp server,server\n")));

        List<String> phasesDone = new ArrayList<>();
        for (int phase = 0; phase < 5; phase++) {
            JsonNode task = claimOne(worker, 10);
            assertThat(task.path("flowId").asText()).isEqualTo(flow);
            Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                    Map.of("output", Map.of("source", "cmdb.csv", "done", task.path("phase").asText())));
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            phasesDone.add(task.path("phase").asText());
        }

        assertThat(phasesDone).containsExactly("attribute_mapping", "data_cleansing", "inventory", "dependency_analysis", "tech_debt_analysis");
        assertThat(eventTypes(flow)).startsWith("FlowCreated", "PhaseStarted", "AssetsDiscovered", "PhaseCompleted")
                .endsWith("PhaseCompleted", "FlowCompleted");
        assertThat(userOf(flow, 3)).isEqualTo("masterflow:handler:asset-import");
    }

    @Test
    void a_waiting_claim_is_answered_as_soon_as_a_task_is_made() throws Exception {
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> claimOne(worker, 10));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();

        long before = System.nanoTime();
        String flow = startedFlow("planning", false);
        JsonNode task = waiting.get(5, TimeUnit.SECONDS);

        assertThat(task.path("flowId").asText()).isEqualTo(flow);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void a_claim_with_nothing_to_do_answers_empty_when_its_wait_is_over() {
        long before = System.nanoTime();
        Api.Response claimed = worker.post("/api/v1/tasks/claim", Map.of("waitSeconds", 1));

        assertThat(claimed.status()).isEqualTo(200);
        assertThat(claimed.body().path("tasks")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void claims_can_be_narrowed_to_flow_types_and_phases() {
        startedFlow("planning", false);
        String finops = startedFlow("finops", false);

        Api.Response claimed = worker.post("/api/v1/tasks/claim", Map.of("flowTypes", List.of("finops"), "phases", List.of("cost_analysis"), "maxTasks", 5));

        assertThat(claimed.body().path("tasks")).hasSize(1);
        assertThat(claimed.body().path("tasks").path(0).path("flowId").asText()).isEqualTo(finops);
    }

    @Test
    void a_worker_that_stops_heartbeating_loses_its_task_and_the_attempt_is_retried_for_another_worker() {
        String flow = startedFlow("planning", false);
        Api dying = worker.withHeader("X-Worker-Id", "agent-7");
        JsonNode task = claimOne(dying, 0);
        Api.Response heartbeat = dying.post("/api/v1/tasks/" + task.path("taskId").asText() + "/heartbeat", null);
        assertThat(heartbeat.status()).as(heartbeat.toString()).isEqualTo(200);

        TestClock.INSTANCE.advance(Duration.ofSeconds(61));

        awaitEvents(flow, types -> types.size() == 3);
        assertThat(event(flow, 2).path("error").asText()).contains("lease of worker user-worker/agent-7 expired");
        assertThat(event(flow, 2).path("retryable").asBoolean()).isTrue();
        Api.Response late = dying.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of("output", Map.of()));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("detail")).contains("expired");

        TestClock.INSTANCE.advance(Duration.ofSeconds(13));
        awaitEvents(flow, types -> types.size() == 4);
        JsonNode retry = claimOne(worker.withHeader("X-Worker-Id", "agent-8"), 5);
        assertThat(retry.path("flowId").asText()).isEqualTo(flow);
        assertThat(retry.path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void heartbeats_keep_a_task_past_its_first_lease() {
        String flow = startedFlow("planning", false);
        JsonNode task = claimOne(worker, 0);
        String heartbeat = "/api/v1/tasks/" + task.path("taskId").asText() + "/heartbeat";

        TestClock.INSTANCE.advance(Duration.ofSeconds(40));
        Api.Response renewed = worker.post(heartbeat, null);
        TestClock.INSTANCE.advance(Duration.ofSeconds(40));
        Api.Response renewedAgain = worker.post(heartbeat, null);

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewedAgain.status()).isEqualTo(200);
        assertThat(java.time.Instant.parse(renewedAgain.text("leaseExpiresAt"))).isAfter(java.time.Instant.parse(renewed.text("leaseExpiresAt")));
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted");
        assertThat(worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of("output", Map.of())).status()).isEqualTo(200);
    }

    @Test
    void a_claim_may_not_wait_longer_than_the_configured_maximum() {
        Api.Response refused = worker.post("/api/v1/tasks/claim", Map.of("waitSeconds", 31));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("field")).isEqualTo("waitSeconds");
    }

    @Test
    void a_repeated_or_stale_completion_is_refused_and_changes_nothing() {
        String flow = startedFlow("planning", false);
        JsonNode first = claimOne(worker, 0);
        String firstTask = first.path("taskId").asText();
        assertThat(worker.post("/api/v1/tasks/" + firstTask + "/fail", Map.of("error", "model overloaded", "retryable", true)).status())
                .isEqualTo(200);
        assertThat(operator.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x"))).status()).isEqualTo(202);
        JsonNode second = claimOne(worker, 0);
        assertThat(worker.post("/api/v1/tasks/" + second.path("taskId").asText() + "/complete", Map.of("output", Map.of())).status())
                .isEqualTo(200);
        long events = eventCount(flow);

        Api.Response stale = worker.post("/api/v1/tasks/" + firstTask + "/complete", Map.of("output", Map.of()));
        Api.Response repeated = worker.post("/api/v1/tasks/" + second.path("taskId").asText() + "/complete", Map.of("output", Map.of()));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("detail")).contains("attempt 1 of phase wave_planning", "is over");
        assertThat(repeated.status()).isEqualTo(409);
        assertThat(eventCount(flow)).isEqualTo(events);
    }

    @Test
    void sixteen_workers_claiming_at_once_never_get_the_same_task_and_lose_none() throws Exception {
        Set<String> flows = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            flows.add(startedFlow("planning", false));
        }
        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            Api each = worker.withHeader("X-Worker-Id", "w" + w);
            running.add(CompletableFuture.runAsync(() -> {
                while (true) {
                    Api.Response response = each.post("/api/v1/tasks/claim", Map.of("maxTasks", 2));
                    assertThat(response.status()).isEqualTo(200);
                    if (response.body().path("tasks").isEmpty()) {
                        return;
                    }
                    response.body().path("tasks").forEach(task -> claimed.add(task.path("flowId").asText() + "/" + task.path("taskId").asText()));
                }
            }, workers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        workers.shutdown();

        assertThat(claimed).doesNotHaveDuplicates().hasSize(40);
        assertThat(claimed.stream().map(entry -> entry.substring(0, entry.indexOf('/')))).containsExactlyInAnyOrderElementsOf(flows);
    }

    @Test
    void a_worker_sees_and_touches_only_tasks_of_its_own_tenant() {
        startedFlow("planning", false);
        Api stranger = api.as(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.WORKER));
        Api otherEngagement = api.as(Tokens.token(account, List.of(Tokens.OTHER_ENGAGEMENT), Roles.WORKER));
        assertThat(stranger.post("/api/v1/tasks/claim", Map.of("maxTasks", 10)).body().path("tasks")).isEmpty();
        assertThat(otherEngagement.post("/api/v1/tasks/claim", Map.of("maxTasks", 10)).body().path("tasks")).isEmpty();

        JsonNode task = claimOne(worker, 0);
        String taskId = task.path("taskId").asText();

        assertThat(stranger.post("/api/v1/tasks/" + taskId + "/complete", Map.of("output", Map.of())).status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/tasks/" + taskId + "/heartbeat", null).status()).isEqualTo(404);
        assertThat(otherEngagement.post("/api/v1/tasks/" + taskId + "/fail", Map.of("error", "x", "retryable", false)).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/flows/" + task.path("flowId").asText() + "/agents").status()).isEqualTo(404);
        assertThat(api.as(Tokens.token(UUID.randomUUID(), List.of("*"), Roles.FLOW_VIEWER))
                .get("/api/v1/flows/" + task.path("flowId").asText() + "/agents").status()).isEqualTo(404);
        assertThat(worker.post("/api/v1/tasks/" + UUID.randomUUID() + "/heartbeat", null).status()).isEqualTo(404);
    }

    @Test
    void a_completion_that_asks_for_next_work_gets_the_flows_next_phase_in_its_answer() {
        String flow = startedFlow("planning", true);
        JsonNode task = claimOne(worker, 0);

        List<String> phasesDone = new ArrayList<>();
        while (!task.isMissingNode()) {
            Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                    Map.of("output", Map.of("done", task.path("phase").asText()), "next", Map.of("maxTasks", 1)));
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            assertThat(completed.body().path("next").path("workerId").asText()).isEqualTo("user-worker");
            phasesDone.add(task.path("phase").asText());
            task = completed.body().path("next").path("tasks").path(0);
            if (!task.isMissingNode()) {
                assertThat(task.path("flowId").asText()).isEqualTo(flow);
                assertThat(task.path("leaseExpiresAt").asText()).isNotBlank();
            }
        }

        assertThat(phasesDone).containsExactly("wave_planning", "timeline_optimization", "resource_allocation");
        assertThat(eventTypes(flow)).endsWith("PhaseCompleted", "FlowCompleted");
    }

    @Test
    void a_completion_and_the_lease_of_the_next_task_commit_as_one_transaction() {
        String flow = startedFlow("planning", true);
        JsonNode task = claimOne(worker, 0);

        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                Map.of("output", Map.of(), "next", Map.of("maxTasks", 1)));

        String next = completed.body().path("next").path("tasks").path(0).path("taskId").asText();
        String appendedBy = jdbc.queryForObject("select xmin::text from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber desc limit 1", String.class, flow);
        String leasedBy = jdbc.queryForObject("select xmin::text from phase_task where task_id = ?::uuid", String.class, next);
        assertThat(leasedBy).as("the transaction that leased the next task").isEqualTo(appendedBy);
    }

    @Test
    void a_completion_without_next_leases_nothing_more() {
        String flow = startedFlow("planning", true);
        JsonNode task = claimOne(worker, 0);

        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete", Map.of("output", Map.of()));

        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.body().has("next")).isFalse();
        assertThat(claimOne(worker, 0).path("phase").asText()).as("the next phase's task is still there to claim")
                .isEqualTo("timeline_optimization");
        assertThat(eventTypes(flow)).endsWith("PhaseCompleted", "PhaseStarted");
    }

    @Test
    void a_report_asking_for_next_work_with_a_bad_claim_is_refused_before_it_changes_anything() {
        String flow = startedFlow("planning", false);
        JsonNode task = claimOne(worker, 0);
        long events = eventCount(flow);

        Api.Response refused = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                Map.of("output", Map.of(), "next", Map.of("waitSeconds", 31)));
        Api.Response tooMany = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/fail",
                Map.of("error", "boom", "retryable", true, "next", Map.of("maxTasks", 101)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("field")).isEqualTo("next.waitSeconds");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.text("field")).isEqualTo("next.maxTasks");
        assertThat(eventCount(flow)).isEqualTo(events);
    }

    @Test
    void only_workers_may_claim() {
        Api.Response refused = operator.post("/api/v1/tasks/claim", Map.of());

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void agents_are_listed_with_their_current_tasks_last_heartbeat_and_health() {
        String flow = startedFlow("planning", false);
        Api agent = worker.withHeader("X-Worker-Id", "migration-agent-1");
        JsonNode task = claimOne(agent, 0);
        agent.post("/api/v1/tasks/" + task.path("taskId").asText() + "/heartbeat", null);
        Api viewer = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.FLOW_VIEWER));

        Api.Response all = viewer.get("/api/v1/agents");
        Api.Response onFlow = agent.get("/api/v1/flows/" + flow + "/agents");

        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        JsonNode listed = all.body().path("agents").path(0);
        assertThat(all.body().path("agents")).hasSize(1);
        assertThat(listed.path("workerId").asText()).isEqualTo("user-worker/migration-agent-1");
        assertThat(listed.path("health").asText()).isEqualTo("HEALTHY");
        assertThat(listed.path("lastHeartbeatAt").asText()).isNotBlank();
        assertThat(listed.path("currentTasks").path(0).path("flowId").asText()).isEqualTo(flow);
        assertThat(onFlow.status()).isEqualTo(200);
        assertThat(onFlow.body().path("agents").path(0).path("currentTasks").path(0).path("phase").asText()).isEqualTo("wave_planning");

        TestClock.INSTANCE.advance(Duration.ofMinutes(2));
        assertThat(viewer.get("/api/v1/agents").body().path("agents").path(0).path("health").asText()).isEqualTo("LATE");
        TestClock.INSTANCE.advance(Duration.ofMinutes(2));
        assertThat(viewer.get("/api/v1/agents").body().path("agents").path(0).path("health").asText()).isEqualTo("SILENT");
    }

    @Test
    void a_user_named_like_another_users_worker_is_not_that_worker() {
        startedFlow("planning", false);
        JsonNode task = claimOne(api.as(Tokens.tokenOf("alice", account, List.of(ENGAGEMENT), Roles.WORKER))
                .withHeader("X-Worker-Id", "x"), 0);
        Api impostor = api.as(Tokens.tokenOf("alice/x", account, List.of(ENGAGEMENT), Roles.WORKER));
        String taskId = task.path("taskId").asText();

        Api.Response completed = impostor.post("/api/v1/tasks/" + taskId + "/complete", Map.of("output", Map.of()));
        Api.Response heartbeat = impostor.post("/api/v1/tasks/" + taskId + "/heartbeat", null);

        assertThat(completed.status()).as(completed.toString()).isEqualTo(409);
        assertThat(completed.text("detail")).contains("leased to another worker");
        assertThat(heartbeat.status()).isEqualTo(409);
    }

    @Test
    void a_viewer_of_one_engagement_sees_only_the_workers_that_worked_in_it() {
        startedFlow("planning", false);
        Api ownAgent = worker.withHeader("X-Worker-Id", "own-agent");
        claimOne(ownAgent, 0);
        Api elsewhere = api.as(Tokens.token(account, List.of(Tokens.OTHER_ENGAGEMENT), Roles.WORKER)).withHeader("X-Worker-Id", "elsewhere");
        assertThat(elsewhere.post("/api/v1/tasks/claim", Map.of("maxTasks", 1)).status()).isEqualTo(200);

        Api.Response engagementViewer = api.as(Tokens.token(account, List.of(ENGAGEMENT), Roles.FLOW_VIEWER)).get("/api/v1/agents");
        Api.Response accountViewer = api.as(Tokens.token(account, List.of("*"), Roles.FLOW_VIEWER)).get("/api/v1/agents");

        assertThat(engagementViewer.body().path("agents").findValuesAsText("workerId")).containsExactly("user-worker/own-agent");
        assertThat(accountViewer.body().path("agents").findValuesAsText("workerId"))
                .containsExactlyInAnyOrder("user-worker/own-agent", "user-worker/elsewhere");
    }

    @Test
    void a_worker_reports_the_assets_it_discovered_with_its_completion() {
        String flow = startedFlow("planning", false);
        JsonNode task = claimOne(worker, 0);
        List<Map<String, Object>> assets = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            assets.add(Map.of("assetId", "srv-" + i, "name", "server " + i, "kind", "server", "attributes", Map.of("cpu", 4)));
        }

        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                Map.of("output", Map.of("servers", 501), "assets", assets));

        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "AssetsDiscovered", "AssetsDiscovered", "PhaseCompleted");
        assertThat(event(flow, 2).path("assets")).hasSize(500);
        assertThat(event(flow, 3).path("assets")).hasSize(1);
    }
}
