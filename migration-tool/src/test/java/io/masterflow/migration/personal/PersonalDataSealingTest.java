package io.masterflow.migration.personal;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.personal.PersonalMetaData;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TestDatabases;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade of a store written before users were sealed: {@code --seal-personal-data} rewrites the plain users in the
 * metadata sealed, changes nothing else, can run again, and afterwards an erasure (the keys deleted) reaches the old
 * events too.
 */
class PersonalDataSealingTest {

    private static final String ACCOUNT = "a1000000-0000-0000-0000-000000000000";

    @Test
    void plain_users_are_sealed_once_the_rest_stays_and_an_erasure_then_reaches_them() throws Exception {
        String target = TestDatabases.eventStore();
        FlowId alices = FlowId.random();
        FlowId bobs = FlowId.random();
        appendAsBeforeSealing(target, List.of(
                event(alices, 0, new FlowCreated(alices, new FlowTypeRef("planning", 1), "alice's", Map.of(), List.of(), false), "alice"),
                event(alices, 1, new FlowPaused(alices, "lunch"), "bob"),
                event(bobs, 0, new FlowCreated(bobs, new FlowTypeRef("planning", 1), "bob's", Map.of(), List.of(), false), "bob")));
        List<String> payloadsBefore = column(target, "payload");
        assertThat(column(target, "metadata")).anySatisfy(metaData -> assertThat(metaData).contains("\"userId\":\"alice\""));

        Cli.Result sealed = Cli.run("--seal-personal-data", "--target-url", target, "--batch-size", "2");

        assertThat(sealed.exitCode()).as(sealed.err()).isZero();
        assertThat(sealed.out()).contains("sealed the user of 3 events").contains("in 2 transactions");
        assertThat(column(target, "metadata")).allSatisfy(metaData -> assertThat(metaData)
                .contains("\"userId\":\"enc:v1:").doesNotContain("alice").doesNotContain("\"bob\"")
                .contains(ACCOUNT).contains("correlationId"));
        assertThat(column(target, "payload")).as("only the metadata changes").isEqualTo(payloadsBefore);
        StoredEvents store = new StoredEvents(target);
        assertThat(users(store, alices)).containsExactly("alice", "bob");

        Cli.Result again = Cli.run("--seal-personal-data", "--target-url", target);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("sealed the user of 0 events");

        TestDatabases.execute(target, "DELETE FROM personal_data_key WHERE user_id = 'alice'");
        assertThat(users(new StoredEvents(target), alices)).containsExactly(PersonalMetaData.ERASED, "bob");
        assertThat(users(new StoredEvents(target), bobs)).containsExactly("bob");
    }

    @Test
    void without_a_target_it_is_a_usage_error() {
        Cli.Result refused = Cli.run("--seal-personal-data");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--target-url");
    }

    private static List<String> users(StoredEvents store, FlowId flow) {
        return store.of(flow).stream().map(event -> (String) event.getMetaData().get(MetaDataKeys.USER_ID)).toList();
    }

    private static DomainEventMessage<?> event(FlowId flow, long sequence, Object payload, String user) {
        MetaData metaData = MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, ACCOUNT)
                .and(MetaDataKeys.ENGAGEMENT_ID, "e1000000-0000-0000-0000-000000000000")
                .and(MetaDataKeys.USER_ID, user)
                .and(MetaDataKeys.CORRELATION_ID, UUID.randomUUID().toString());
        return new GenericDomainEventMessage<>("Flow", flow.toString(), sequence, payload, metaData,
                UUID.randomUUID().toString(), Instant.parse("2025-01-01T10:00:00Z").plusSeconds(sequence));
    }

    /** Appended with the plain serializer, as every version before sealing stored its events. */
    private static void appendAsBeforeSealing(String url, List<DomainEventMessage<?>> events) throws SQLException {
        try (Connection connection = TestDatabases.connect(url)) {
            Serializer plain = EventSerialization.serializer();
            ConnectionProvider provider = () -> (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (proxy, method, arguments) ->
                            method.getName().equals("close") ? null : method.invoke(connection, arguments));
            JdbcEventStorageEngine.builder().connectionProvider(provider).transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(plain).snapshotSerializer(plain).dataType(byte[].class).build()
                    .appendEvents(events);
        }
    }

    private static List<String> column(String url, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + column + " FROM domainevententry ORDER BY globalindex")) {
            while (rows.next()) {
                values.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
