package io.masterflow.query.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The 'axonserver' profile reads events from Axon Server and keeps read models and tokens in PostgreSQL. It needs a
 * Docker engine to start Axon Server; where none runs, JUnit reports this class as skipped ("disabledWithoutDocker").
 * The application runs in a schema of its own so that its tokens never meet those of the tests that read the
 * PostgreSQL event store.
 */
@Testcontainers(disabledWithoutDocker = true)
class AxonServerProfileIntegrationTest {

    private static final String SCHEMA = "axon_server_profile";

    @Container
    static final GenericContainer<?> AXON_SERVER = new GenericContainer<>("axoniq/axonserver:2025.1.2")
            .withEnv("AXONIQ_AXONSERVER_STANDALONE", "true")
            .withExposedPorts(8024, 8124)
            .waitingFor(Wait.forHttp("/actuator/health").forPort(8024));

    @Test
    void events_stored_in_axon_server_are_projected_and_read_back_as_history() throws SQLException {
        String url = TestPostgres.eventStore();
        try (Connection connection = new DriverManagerDataSource(url, TestPostgres.user(), TestPostgres.password()).getConnection()) {
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
        try (ConfigurableApplicationContext context = QuerySideApplication.application()
                .profiles("axonserver")
                .run("--server.port=0",
                        "--axon.axonserver.servers=" + AXON_SERVER.getHost() + ":" + AXON_SERVER.getMappedPort(8124),
                        "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                        "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.password=" + TestPostgres.password(),
                        "--masterflow.security.jwt.secret=" + Tokens.SECRET)) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            Tenant tenant = Tenant.fresh();
            FlowStory story = new FlowStory(context.getBean(EventStore.class), tenant, Instant.parse("2026-03-01T09:00:00Z"))
                    .created("planning", "on axon server");
            story.then(new PhaseStarted(story.id(), PhaseName.of("wave_planning"), 1, Map.of()));

            Api.Response flow = new Api(port, Tokens.viewer(tenant))
                    .get("/api/v1/flows/" + story.id() + "?minVersion=" + story.version() + "&waitMs=5000");
            assertThat(flow.status()).as(flow.text()).isEqualTo(200);
            assertThat(flow.header("X-Read-Model-Stale")).isNull();
            assertThat(flow.text()).contains("\"status\":\"RUNNING\"", "\"currentPhase\":\"wave_planning\"");

            Api.Response history = new Api(port, Tokens.auditor(tenant)).get("/api/v1/flows/" + story.id() + "/history");
            assertThat(history.status()).as(history.text()).isEqualTo(200);
            assertThat(history.text()).contains("FlowCreated", "PhaseStarted");

            // every processor's token reaches the head, those with no handler for the last events included
            ProcessorProgress progress = context.getBean(ProcessorProgress.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(progress.all()).allSatisfy(processor -> assertThat(processor.lag()).as(processor.processor()).isZero()));
        }
    }
}
