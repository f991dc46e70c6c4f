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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events appended by another process reach a query side when its event store next looks at the database
 * ({@code masterflow.event-store.poll-interval}); an append in the query side's own process wakes the store at once,
 * and the other process's events come along. Here the interval is an hour, so that only the wake-up can explain what
 * the read model holds.
 */
class EventStorePollIntegrationTest {

    private final Tenant tenant = Tenant.fresh();
    private final String database = TestPostgres.eventStoreDatabase("poll_" + tenant.account().toString().substring(0, 8));

    @Test
    void events_of_another_process_wait_for_the_poll_and_an_append_in_this_process_brings_them_along() throws Exception {
        try (ConfigurableApplicationContext node = Nodes.start(database, TestPostgres.user(), TestPostgres.password(),
                "--masterflow.event-store.poll-interval=1h")) {
            EventStore own = node.getBean(EventStore.class);
            FlowStory first = new FlowStory(own, tenant, Instant.parse("2025-11-03T09:00:00Z")).created("planning", "first");
            Nodes.awaitProjected(node, tenant, first);

            FlowStory elsewhere = new FlowStory(anotherProcess(), tenant, Instant.parse("2025-11-03T09:01:00Z"))
                    .created("planning", "appended by another process");
            Thread.sleep(2_000);
            assertThat(rowsOf(node, elsewhere)).as("seen before the store looked at the database again").isZero();

            FlowStory here = new FlowStory(own, tenant, Instant.parse("2025-11-03T09:02:00Z")).created("planning", "appended here");
            Nodes.awaitProjected(node, tenant, here);
            Nodes.awaitProjected(node, tenant, elsewhere);
        }
    }

    /** The event store as a command side of its own writes it: nothing in the query side hears of its appends. */
    private EventStore anotherProcess() {
        return EmbeddedEventStore.builder().storageEngine(Nodes.eventStorage(
                new DriverManagerDataSource(database, TestPostgres.user(), TestPostgres.password()))).build();
    }

    private static long rowsOf(ConfigurableApplicationContext node, FlowStory flow) {
        Long rows = node.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM flow_status WHERE flow_id = ?::uuid",
                Long.class, flow.idText());
        return rows == null ? 0 : rows;
    }
}
