package io.masterflow.query.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Instant;

import static io.masterflow.query.support.IntegrationTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query side stopped and started again goes on from the tokens it stored: it projects what was appended while it
 * was down, and does not replay what it had handled (a row removed meanwhile stays removed, where a replay from the
 * start would bring it back).
 */
class RestartIntegrationTest {

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("restart_" + tenant.account().toString().substring(0, 8));

    @Test
    void a_restarted_query_side_resumes_from_its_stored_tokens() {
        FlowStory handled;
        try (ConfigurableApplicationContext node = node()) {
            handled = new FlowStory(node.getBean(EventStore.class), tenant, Instant.parse("2025-11-02T09:00:00Z"))
                    .created("planning", "handled before the stop");
            Nodes.awaitProjected(node, tenant, handled);
            JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
            eventually(() -> everyProcessorPassed(jdbc, handled), "every processor stored a token past the flow");
        }

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, TestPostgres.user(), TestPostgres.password()));
        jdbc.update("DELETE FROM flow_status WHERE flow_id = ?::uuid", handled.idText());
        FlowStory appendedWhileDown = new FlowStory(storeWithoutQuerySide(), tenant, Instant.parse("2025-11-02T10:00:00Z"))
                .created("planning", "appended while the query side was down");

        try (ConfigurableApplicationContext node = node()) {
            Nodes.awaitProjected(node, tenant, appendedWhileDown);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM flow_status WHERE flow_id = ?::uuid", Long.class,
                    handled.idText())).as("the flow handled before the stop was not replayed").isZero();
            // the audit trail is a processor of its own, not waited for by the flow-status wait above
            eventually(() -> jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE client_account_id = ?", Long.class,
                    tenant.account()) == 2, "one audit entry per event");
        }
    }

    private ConfigurableApplicationContext node() {
        return Nodes.start(database, TestPostgres.user(), TestPostgres.password());
    }

    /** The event store as the command side writes it, with no query side running. */
    private EventStore storeWithoutQuerySide() {
        return EmbeddedEventStore.builder().storageEngine(Nodes.eventStorage(
                new DriverManagerDataSource(database, TestPostgres.user(), TestPostgres.password()))).build();
    }

    /** Every query processor's every segment stands at or past the flow's creation event. */
    private static boolean everyProcessorPassed(JdbcTemplate jdbc, FlowStory flow) {
        Long index = jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0",
                Long.class, flow.idText());
        Long behind = jdbc.queryForObject("""
                SELECT count(*) FROM query_token_entry
                WHERE processorname = ANY (?) AND (token IS NULL OR (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint < ?)""",
                Long.class, QueryProcessors.PROCESSORS.toArray(String[]::new), index);
        Long tokens = jdbc.queryForObject("SELECT count(*) FROM query_token_entry WHERE processorname = ANY (?)", Long.class,
                (Object) QueryProcessors.PROCESSORS.toArray(String[]::new));
        return behind != null && behind == 0 && tokens != null && tokens == 4L * QueryProcessors.PROCESSORS.size();
    }
}
