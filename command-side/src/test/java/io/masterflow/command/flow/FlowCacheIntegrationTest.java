package io.masterflow.command.flow;

import io.masterflow.command.support.Api;
import io.masterflow.command.support.Nodes;
import io.masterflow.command.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command nodes on one event store, each caching the flows it handles: a node never decides on a cached state
 * that the other node has moved on from, and a command that fails leaves no state behind that the store lacks.
 * The nodes run on a database of their own, so no other test's application takes part.
 */
class FlowCacheIntegrationTest {

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static Api a;
    private static Api b;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoNodes() {
        String database = TestDatabase.url("flow_cache");
        nodeA = Nodes.start(database);
        nodeB = Nodes.start(database);
        a = Nodes.api(nodeA);
        b = Nodes.api(nodeB);
        jdbc = nodeA.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void a_node_decides_on_what_another_node_did_since_it_cached_the_flow() {
        String flow = a.post("/api/v1/flows", Map.of("flowType", "planning", "name", "served by two nodes")).text("flowId");
        assertThat(a.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);

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
        String flow = a.post("/api/v1/flows", Map.of("flowType", "planning", "name", "refused and failed on one node")).text("flowId");
        assertThat(a.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
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
