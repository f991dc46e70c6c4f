package io.masterflow.command.axon;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.command.CommandSideApplication;
import io.masterflow.command.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 'axonserver' profile runs the same flow story with Axon Server as event store and bus. It needs a Docker
 * engine to start Axon Server; where none runs, JUnit reports this class as skipped ("disabledWithoutDocker").
 */
@Testcontainers(disabledWithoutDocker = true)
class AxonServerProfileIntegrationTest {

    @Container
    static final GenericContainer<?> AXON_SERVER = new GenericContainer<>("axoniq/axonserver:2025.1.2")
            .withEnv("AXONIQ_AXONSERVER_STANDALONE", "true")
            .withExposedPorts(8024, 8124)
            .waitingFor(Wait.forHttp("/actuator/health").forPort(8024));

    @Test
    void a_flow_runs_to_completion_with_axon_server_as_event_store() {
        try (ConfigurableApplicationContext context = CommandSideApplication.application()
                .sources(io.masterflow.command.support.TestClock.Configuration.class)
                .profiles("axonserver")
                .run("--server.port=0",
                        "--axon.axonserver.servers=" + AXON_SERVER.getHost() + ":" + AXON_SERVER.getMappedPort(8124),
                        "--spring.datasource.url=" + TestPostgres.url(),
                        "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.password=" + TestPostgres.password(),
                        "--masterflow.security.jwt.secret=" + Tokens.SECRET)) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            Api api = new Api(port, Tokens.operator()).withHeader("X-Engagement-Id", Tokens.ENGAGEMENT);

            String flow = api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "on axon server")).text("flowId");
            for (String phase : List.of("wave_planning", "timeline_optimization", "resource_allocation")) {
                assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(202);
                assertThat(api.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete", Map.of("attempt", 1)).status())
                        .isEqualTo(200);
            }
            assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of()).status()).isEqualTo(409);
        }
    }
}
