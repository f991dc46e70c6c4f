package io.masterflow.query.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.testsupport.PackagedJar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped query side with the 'axonserver' profile, where no Axon Server listens: it starts (its processors wait
 * for Axon Server rather than stopping the start), says it cannot reach it, reports its processors down in health,
 * serves what its read models hold, and answers 503 with Retry-After where a read needs the event store. A real Axon
 * Server is AxonServerProfileIntegrationTest's, where Docker runs.
 */
class PackagedAxonServerProfileIT {

    private static final Path JAR = PackagedJar.fromProperty("packaged.jar");

    @Test
    void without_axon_server_the_query_side_starts_serves_its_read_models_and_answers_event_store_reads_503() {
        String axonServer = "127.0.0.1:" + PackagedJar.unusedPort();
        int port = PackagedJar.unusedPort();
        int managementPort = PackagedJar.unusedPort();
        try (PackagedJar querySide = PackagedJar.start(JAR, List.of(
                "--spring.profiles.active=axonserver",
                "--axon.axonserver.servers=" + axonServer,
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.datasource.url=" + TestPostgres.eventStoreDatabase("packaged_axonserver"),
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password()),
                Map.of("MASTERFLOW_JWT_SECRET", Tokens.SECRET))) {

            assertThat(querySide.awaitOutput("Started QuerySideApplication", Duration.ofSeconds(120)))
                    .as(querySide.output()).isTrue();
            assertThat(querySide.output()).contains("Connecting to AxonServer node [" + axonServer + "] failed");

            assertThat(new Api(port, null).get("/actuator/health").text()).isEqualTo("{\"status\":\"DOWN\"}");
            Api.Response health = new Api(managementPort, Tokens.platformOperator()).get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.text()).contains("\"queryProcessors\":{\"status\":\"DOWN\"");

            Tenant tenant = Tenant.fresh();
            Api.Response list = new Api(port, Tokens.viewer(tenant)).get("/api/v1/flows");
            assertThat(list.status()).as(list.text()).isEqualTo(200);

            Api.Response history = new Api(port, Tokens.auditor(tenant)).get("/api/v1/flows/" + UUID.randomUUID() + "/history");
            assertThat(history.status()).as(history.text()).isEqualTo(503);
            assertThat(history.header("Retry-After")).isEqualTo("5");
            assertThat(history.text()).contains("the event store (Axon Server) cannot be reached");
            assertThat(querySide.output()).doesNotContain("Request failed unexpectedly");
        }
    }
}
