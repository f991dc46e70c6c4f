package io.masterflow.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowId;
import io.masterflow.migration.store.AxonServerTarget;
import io.masterflow.migration.store.EventStoreTarget;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared sample migrated into a real Axon Server: the very events the PostgreSQL path stores, and a second run
 * that appends nothing. It needs a Docker engine to start Axon Server; where none runs, JUnit reports this class as
 * skipped ("disabledWithoutDocker").
 */
@Testcontainers(disabledWithoutDocker = true)
class AxonServerMigrationIntegrationTest {

    @Container
    static final GenericContainer<?> AXON_SERVER = new GenericContainer<>("axoniq/axonserver:2025.1.2")
            .withEnv("AXONIQ_AXONSERVER_STANDALONE", "true")
            .withExposedPorts(8024, 8124)
            .waitingFor(Wait.forHttp("/actuator/health").forPort(8024));

    @Test
    void the_sample_goes_into_axon_server_as_the_same_events_as_into_postgresql_and_a_rerun_appends_nothing(@TempDir Path folder)
            throws IOException {
        String source = TestDatabases.legacyDatabase("/legacy/legacy-sample.sql");
        String axonServer = AXON_SERVER.getHost() + ":" + AXON_SERVER.getMappedPort(8124);
        Path firstReport = folder.resolve("first.json");

        Cli.Result first = Cli.run(Cli.args(source, null, "--axonserver", axonServer, "--report", firstReport.toString()));

        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(firstReport.toFile());
        assertThat(report.path("accountsForEveryRow").asBoolean()).isTrue();
        assertThat(report.path("target").asText()).isEqualTo("axonserver://" + axonServer + "/default");
        assertThat(report.path("flows").path("migrated").asLong()).isEqualTo(8);

        String postgres = TestDatabases.eventStore();
        assertThat(Cli.run(Cli.args(source, postgres)).exitCode()).isZero();
        StoredEvents inPostgres = new StoredEvents(postgres);
        List<FlowId> flows = inPostgres.rows().stream().map(row -> FlowId.of((String) row.get("aggregateidentifier"))).distinct().toList();
        assertThat(flows).hasSize(8);

        AxonServerConnectionManager connections = AxonServerConnectionManager.builder()
                .axonServerConfiguration(AxonServerConfiguration.builder().servers(axonServer).componentName("migration-test")
                        .suppressDownloadMessage().build())
                .build();
        try {
            AxonServerEventStore inAxonServer = AxonServerTarget.eventStore(
                    AxonServerConfiguration.builder().servers(axonServer).build(), connections);
            for (FlowId flow : flows) {
                assertThat(comparable(inAxonServer.readEvents(flow.toString(), 0).asStream().toList()))
                        .as("flow %s", flow).isEqualTo(comparable(inPostgres.of(flow)));
            }

            Path secondReport = folder.resolve("second.json");
            Cli.Result second = Cli.run(Cli.args(source, null, "--axonserver", axonServer, "--report", secondReport.toString()));

            assertThat(second.exitCode()).as(second.err()).isZero();
            JsonNode again = new ObjectMapper().readTree(secondReport.toFile());
            assertThat(again.path("accountsForEveryRow").asBoolean()).isTrue();
            assertThat(again.path("flows").path("migrated").asLong()).isZero();
            assertThat(again.path("flows").path("alreadyMigrated").asLong()).isEqualTo(8);
            for (FlowId flow : flows) {
                assertThat(inAxonServer.lastSequenceNumberFor(flow.toString())).as("flow %s", flow)
                        .contains((long) inPostgres.of(flow).size() - 1);
            }
        } finally {
            connections.shutdown();
        }
    }

    /** What both paths must store alike: everything but the run's own id, which differs from run to run. */
    private static List<List<Object>> comparable(List<? extends DomainEventMessage<?>> events) {
        return events.stream().map(event -> {
            Map<String, Object> metaData = new HashMap<>(event.getMetaData());
            metaData.remove(MetaDataKeys.CORRELATION_ID);
            metaData.remove(EventStoreTarget.MIGRATION_RUN_ID);
            return List.<Object>of(event.getIdentifier(), event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(),
                    event.getTimestamp(), event.getPayload(), metaData);
        }).toList();
    }
}
