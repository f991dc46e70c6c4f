package io.masterflow.command.flow;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.command.axon.JdbcDeadlineManager;
import io.masterflow.command.support.Nodes;
import io.masterflow.command.support.StatementLog;
import io.masterflow.command.support.TestClock;
import io.masterflow.command.support.Tokens;
import io.masterflow.events.personal.SubjectKeys;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command nodes on one event store, each caching the flows it handles: a node never decides on a cached state
 * that the other node has moved on from, and a command that fails leaves no state behind that the store lacks.
 * The nodes run on a database of their own, so no other test's application takes part, and poll for due deadlines
 * only when a test tells node A to. Node A logs what it sends to PostgreSQL, so the tests can count round trips.
 */
class FlowCacheIntegrationTest {

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static Api a;
    private static Api b;
    private static JdbcTemplate jdbc;
    private static StatementLog sentByA;

    @BeforeAll
    static void startTwoNodes() {
        String database = TestPostgres.database("flow_cache");
        nodeA = Nodes.start(database, "--masterflow.scheduler.poll-interval=1h", "--spring.main.sources=" + StatementLog.class.getName());
        nodeB = Nodes.start(database, "--masterflow.scheduler.poll-interval=1h");
        a = Nodes.api(nodeA);
        b = Nodes.api(nodeB);
        jdbc = nodeA.getBean(JdbcTemplate.class);
        sentByA = nodeA.getBean(StatementLog.class);
    }

    /** A planning flow created and its first phase started on node A, which now has it cached. */
    private String planningRunningOnA(String name) {
        String flow = a.post("/api/v1/flows", Map.of("flowType", "planning", "name", name)).text("flowId");
        assertThat(a.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
        return flow;
    }

    @AfterAll
    static void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    /**
     * The user of an event is sealed with that user's key (docs/retention.md): read from the key table once per user
     * and account, on the first command, and from the node's cache for every command after it.
     */
    @Test
    void a_users_key_is_read_once_and_every_later_command_seals_with_the_cached_one() {
        String user = "sealing-" + UUID.randomUUID();
        Api asUser = a.as(Tokens.tokenOf(user, Tokens.ACCOUNT, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER));

        sentByA.record();
        String flow = asUser.post("/api/v1/flows", Map.of("flowType", "planning", "name", "sealed")).text("flowId");
        List<String> first = keyStatements();
        assertThat(first).as("the new user's key is created and read on the first command").hasSize(2);

        sentByA.record();
        assertThat(asUser.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
        assertThat(asUser.post("/api/v1/flows/" + flow + "/pause", Map.of()).status()).isEqualTo(200);
        assertThat(asUser.post("/api/v1/flows/" + flow + "/resume", Map.of()).status()).isEqualTo(200);
        assertThat(sentByA.sentBy("")).as("the commands were recorded").isNotEmpty();
        assertThat(keyStatements()).as("no key lookup once the key is cached").isEmpty();
    }

    private List<String> keyStatements() {
        return sentByA.sentBy("").stream().map(StatementLog.Sent::sql)
                .filter(sql -> sql != null && sql.contains("personal_data_key")).toList();
    }

    @Test
    void a_node_decides_on_what_another_node_did_since_it_cached_the_flow() {
        String flow = planningRunningOnA("served by two nodes");

        Api.Response completedOnB = b.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));
        Api.Response nextOnA = a.post("/api/v1/flows/" + flow + "/execute", Map.of());
        Api.Response pausedOnB = b.post("/api/v1/flows/" + flow + "/pause", Map.of());
        Api.Response resumedOnA = a.post("/api/v1/flows/" + flow + "/resume", Map.of("expectedVersion", pausedOnB.number("version")));

        assertThat(completedOnB.status()).as(completedOnB.toString()).isEqualTo(200);
        assertThat(nextOnA.status()).as("A still saw wave_planning running: " + nextOnA).isEqualTo(202);
        assertThat(nextOnA.text("phase")).isEqualTo("timeline_optimization");
        assertThat(nextOnA.number("version")).isEqualTo(3);
        assertThat(pausedOnB.number("version")).isEqualTo(4);
        assertThat(resumedOnA.status()).as("A still saw version 3: " + resumedOnA).isEqualTo(200);
        assertThat(resumedOnA.number("version")).isEqualTo(5);
        assertThat(eventTypes(flow)).containsExactly(
                "FlowCreated", "PhaseStarted", "PhaseCompleted", "PhaseStarted", "FlowPaused", "FlowResumed");
        assertContiguousSequence(flow);
    }

    @Test
    void a_refused_command_or_a_failed_append_leaves_the_cached_flow_as_stored() {
        String flow = planningRunningOnA("refused and failed on one node");
        Api.Response refused = a.post("/api/v1/flows/" + flow + "/execute", Map.of());

        refuseAppendsOf(flow);
        Api.Response failed;
        try {
            failed = a.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));
        } finally {
            allowAppends();
        }
        Api.Response stillRunning = a.post("/api/v1/flows/" + flow + "/execute", Map.of());
        Api.Response completed = a.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(failed.status()).as("the append was refused by the database: " + failed).isGreaterThanOrEqualTo(500);
        assertThat(stillRunning.status()).as("A kept the completion the store refused: " + stillRunning).isEqualTo(409);
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.number("version")).isEqualTo(2);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted");
        assertContiguousSequence(flow);
    }

    @Test
    void a_command_that_appends_on_a_stale_cache_loses_the_race_and_is_decided_again_on_the_stored_flow() {
        String flow = planningRunningOnA("appended to on two nodes");

        Api.Response completedOnB = b.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));
        Api.Response pausedOnA = a.post("/api/v1/flows/" + flow + "/pause", Map.of());

        assertThat(completedOnB.status()).as(completedOnB.toString()).isEqualTo(200);
        assertThat(pausedOnA.status()).as("A appended after its cached version 1: " + pausedOnA).isEqualTo(200);
        assertThat(pausedOnA.number("version")).isEqualTo(3);
        assertThat(eventTypes(flow)).containsExactly("FlowCreated", "PhaseStarted", "PhaseCompleted", "FlowPaused");
        assertContiguousSequence(flow);
    }

    @Test
    void a_deadline_is_never_passed_over_on_a_stale_cache() {
        String flow = planningRunningOnA("resumed elsewhere");
        assertThat(a.post("/api/v1/flows/" + flow + "/phases/wave_planning/fail",
                Map.of("attempt", 1, "error", "agent crashed", "retryable", true)).status()).isEqualTo(200);
        assertThat(a.post("/api/v1/flows/" + flow + "/pause", Map.of()).status()).isEqualTo(200);
        // the retry is not due yet, so the resume leaves it to its deadline; A still holds the flow as paused
        assertThat(b.post("/api/v1/flows/" + flow + "/resume", Map.of()).status()).isEqualTo(200);

        TestClock.INSTANCE.advance(Duration.ofSeconds(13));
        int fired = nodeA.getBean(JdbcDeadlineManager.class).fireDueDeadlines();

        assertThat(fired).isEqualTo(1);
        assertThat(eventTypes(flow)).as("a paused flow would have passed its retry over")
                .containsExactly("FlowCreated", "PhaseStarted", "PhaseFailed", "FlowPaused", "FlowResumed", "PhaseStarted");
        assertThat(jdbc.queryForObject("select count(*) from deadline_entry where scope like ? and deadline_name = 'phase-retry'",
                Long.class, "%" + flow + "%")).isZero();
        assertContiguousSequence(flow);
    }

    @Test
    void a_command_that_appends_asks_the_store_nothing_about_its_cached_flow_and_a_refusal_does() {
        String flow = planningRunningOnA("counted");

        sentByA.record();
        Api.Response completed = a.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));
        List<StatementLog.Sent> appending = sentByA.sentBy("http-");
        sentByA.record();
        Api.Response refused = a.post("/api/v1/flows/" + flow + "/phases/wave_planning/complete", Map.of("attempt", 1));
        List<StatementLog.Sent> refusing = sentByA.sentBy("http-");

        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(appending).as("the append's unique key guards a stale cache").noneMatch(FlowCacheIntegrationTest::asksLastSequence);
        assertThat(refusing).as("a refusal appends nothing, so it asks").anyMatch(FlowCacheIntegrationTest::asksLastSequence);
    }

    @Test
    void a_worker_completion_with_its_next_lease_is_one_transaction_of_few_round_trips() {
        // an account of its own, so that the worker claims this flow's task and no other test's
        UUID account = UUID.randomUUID();
        Api operator = a.as(Tokens.token(account, List.of(Tokens.ENGAGEMENT), Roles.FLOW_OPERATOR));
        Api worker = a.as(Tokens.token(account, List.of(Tokens.ENGAGEMENT), Roles.WORKER));
        String flow = operator.post("/api/v1/flows", Map.of("flowType", "planning", "name", "one phase's round trips",
                "autoAdvance", true)).text("flowId");
        assertThat(operator.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
        JsonNode task = worker.post("/api/v1/tasks/claim", Map.of("maxTasks", 1, "flowTypes", List.of("planning")))
                .body().path("tasks").path(0);
        assertThat(task.path("flowId").asText()).isEqualTo(flow);
        // the steady state: the worker's key (made on its first event in the account, two round trips) is there already
        nodeA.getBean(SubjectKeys.class).keyOf(account, "user-" + Roles.WORKER);

        sentByA.record();
        Api.Response completed = worker.post("/api/v1/tasks/" + task.path("taskId").asText() + "/complete",
                Map.of("output", Map.of(), "next", Map.of("maxTasks", 1, "flowTypes", List.of("planning"))));
        List<StatementLog.Sent> sent = sentByA.sentBy("http-");

        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.body().path("next").path("tasks").path(0).path("phase").asText()).isEqualTo("timeline_optimization");
        // the task's look-up; in one transaction: append, then at once cancel the timeout, end the task, make the next
        // one and schedule its timeout, then lease it; the commit (docs/phase-execution.md, "Fourth series")
        assertThat(sent).as("round trips of one phase: " + sent).hasSize(5);
        assertThat(sent).as("the unit of work's writes in one round trip: " + sent).anySatisfy(each -> assertThat(each.sql())
                .containsSubsequence("delete from deadline_entry", "update phase_task set status = 'DONE'",
                        "insert into phase_task", "insert into deadline_entry"));
        assertThat(sent.stream().filter(each -> each.sql().equals("COMMIT"))).as("one commit: " + sent).hasSize(1);
        assertThat(sent).noneMatch(FlowCacheIntegrationTest::asksLastSequence);
    }

    private static boolean asksLastSequence(StatementLog.Sent sent) {
        String sql = sent.sql().toLowerCase();
        return sql.contains("max(") && sql.contains("sequencenumber");
    }

    /** A trigger that refuses the flow's events, as a database would on a failure of its own. */
    private static void refuseAppendsOf(String flow) {
        jdbc.execute("""
                create or replace function refuse_append() returns trigger language plpgsql as $$
                begin raise exception 'append refused by the test'; end $$""");
        jdbc.execute("create trigger refuse_append before insert on domainevententry for each row when (new.aggregateidentifier = '"
                + flow + "') execute function refuse_append()");
    }

    private static void allowAppends() {
        jdbc.execute("drop trigger refuse_append on domainevententry");
    }

    private static List<String> eventTypes(String flow) {
        return jdbc.queryForList("select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber",
                        String.class, flow).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    private static void assertContiguousSequence(String flow) {
        List<Long> sequence = jdbc.queryForList(
                "select sequencenumber from domainevententry where aggregateidentifier = ? order by sequencenumber", Long.class, flow);
        assertThat(sequence).containsExactlyElementsOf(LongStream.range(0, sequence.size()).boxed().toList());
    }
}
