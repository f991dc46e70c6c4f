package io.masterflow.command.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.command.support.Tokens;
import io.masterflow.testsupport.PackagedJar;
import io.masterflow.testsupport.Scrape;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped command side with the 'axonserver' profile, where no Axon Server listens: it starts and says it cannot
 * reach Axon Server (a missing class or a wiring error would show instead), and a command is answered 503 with
 * Retry-After, the answer a client can act on. A real Axon Server is AxonServerProfileIntegrationTest's, where
 * Docker runs.
 */
class PackagedAxonServerProfileIT {

    private static final Path JAR = PackagedJar.fromProperty("packaged.jar");

    @Test
    void without_axon_server_the_command_side_starts_and_answers_commands_503() throws IOException, InterruptedException {
        String axonServer = "127.0.0.1:" + PackagedJar.unusedPort();
        int port = PackagedJar.unusedPort();
        int managementPort = PackagedJar.unusedPort();
        try (PackagedJar commandSide = PackagedJar.start(JAR, List.of(
                "--spring.profiles.active=axonserver",
                "--axon.axonserver.servers=" + axonServer,
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.datasource.url=" + TestPostgres.database("packaged_axonserver"),
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password()),
                Map.of("MASTERFLOW_JWT_SECRET", Tokens.SECRET))) {

            assertThat(commandSide.awaitOutput("Started CommandSideApplication", Duration.ofSeconds(120)))
                    .as(commandSide.output()).isTrue();
            assertThat(commandSide.output()).contains("Connecting to AxonServer node [" + axonServer + "] failed");

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/flows"))
                    .header("Authorization", "Bearer " + Tokens.operator())
                    .header("X-Engagement-Id", Tokens.ENGAGEMENT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"flowType\": \"planning\", \"name\": \"while it is down\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).contains("\"detail\":\"the event store (Axon Server) cannot be reached at the moment; retry later\"");
            assertThat(commandSide.output()).doesNotContain("Request failed unexpectedly");

            // the scrape of the jar as it ships: no token, the store's outage and the refused creation in it
            Scrape scrape = Scrape.of(managementPort);
            assertThat(scrape.value("masterflow_event_store_reachable")).isZero();
            assertThat(scrape.value("masterflow_flows_creation_refusals_total", "flow_type", "planning", "reason", "unavailable"))
                    .isEqualTo(1);
        }
    }
}
