package io.masterflow.query.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.masterflow.query.support.IntegrationTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two query sides on one database share each processor's segments, and when one stops the other takes them all
 * and goes on projecting. Their own database keeps the shared test application's processors out of the split.
 */
class ScaleOutIntegrationTest {

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("scale_out_" + tenant.account().toString().substring(0, 8));

    @Test
    void two_nodes_split_the_segments_and_one_takes_over_all_of_them_when_the_other_stops() throws InterruptedException {
        try (ConfigurableApplicationContext first = node("node-a"); ConfigurableApplicationContext second = node("node-b")) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            for (String processor : QueryProcessors.PROCESSORS) {
                eventually(() -> ownedTwoEach(owners(jdbc, processor)), "each node owns two segments of " + processor);
            }
            // idle claims are renewed well within the 2 s claim timeout, so neither node takes the other's segments
            Map<String, List<String>> settled = ownersOfAll(jdbc);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                assertThat(ownersOfAll(jdbc)).as("segment owners while both nodes run").isEqualTo(settled);
                Thread.sleep(100);
            }

            List<FlowStory> before = flows(first, "before");
            before.forEach(flow -> Nodes.awaitProjected(second, tenant, flow));

            first.close();
            for (String processor : QueryProcessors.PROCESSORS) {
                try {
                    eventually(() -> owners(jdbc, processor).equals(List.of("node-b", "node-b", "node-b", "node-b")),
                            "the remaining node owns every segment of " + processor);
                } catch (AssertionError stuck) {
                    // what the segments' rows and the node table said, for a failure seen once in a full build
                    throw new AssertionError(stuck.getMessage() + "; tokens: " + jdbc.queryForList(
                            "SELECT segment, owner, timestamp FROM query_token_entry WHERE processorname = ? ORDER BY segment",
                            processor) + "; nodes: " + jdbc.queryForList("SELECT node_id, seen_at, now() AS now FROM query_node"), stuck);
                }
            }
            List<FlowStory> after = flows(second, "after");
            after.forEach(flow -> Nodes.awaitProjected(second, tenant, flow));
            eventually(() -> count(jdbc, "SELECT count(*) FROM audit_entry WHERE client_account_id = ?")
                    == (long) before.size() + after.size(), "the audit trail holds every flow's creation");
        }
    }

    private ConfigurableApplicationContext node(String id) {
        return Nodes.start(database, TestPostgres.user(), TestPostgres.password(),
                "--masterflow.query.node-id=" + id,
                "--masterflow.query.balance-interval=200ms",
                "--axon.eventhandling.tokenstore.claim-timeout=2s",
                "--axon.eventhandling.processors.projections.token-claim-interval=200",
                "--axon.eventhandling.processors.webhooks.token-claim-interval=200");
    }

    /** Enough flows that every segment gets some (the segment follows from the flow id). */
    private List<FlowStory> flows(ConfigurableApplicationContext node, String name) {
        EventStore eventStore = node.getBean(EventStore.class);
        return IntStream.range(0, 8)
                .mapToObj(i -> new FlowStory(eventStore, tenant, Instant.parse("2025-11-01T09:00:00Z")).created("planning", name + i))
                .toList();
    }

    private static boolean ownedTwoEach(List<String> owners) {
        return Collections.frequency(owners, "node-a") == 2 && Collections.frequency(owners, "node-b") == 2;
    }

    private static Map<String, List<String>> ownersOfAll(JdbcTemplate jdbc) {
        return QueryProcessors.PROCESSORS.stream().collect(Collectors.toMap(processor -> processor, processor -> owners(jdbc, processor)));
    }

    private static List<String> owners(JdbcTemplate jdbc, String processor) {
        return jdbc.queryForList("SELECT coalesce(owner, '') FROM query_token_entry WHERE processorname = ? ORDER BY segment",
                String.class, processor);
    }

    private long count(JdbcTemplate jdbc, String sql) {
        Long count = jdbc.queryForObject(sql, Long.class, tenant.account());
        return count == null ? 0 : count;
    }
}
