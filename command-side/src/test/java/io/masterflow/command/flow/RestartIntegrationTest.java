package io.masterflow.command.flow;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.command.support.Api;
import io.masterflow.command.support.TestClock;
import io.masterflow.command.support.TestDatabase;
import io.masterflow.command.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flows live in the event store, not in the process: a restarted application picks them up where they were. */
class RestartIntegrationTest {

    @Test
    void a_flow_goes_on_after_the_application_is_stopped_and_started_again_on_the_same_database() {
        String flow;
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            flow = api.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "survives restarts")).text("flowId");
            assertThat(api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x"))).status()).isEqualTo(202);
        }

        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            Api.Response completed = api.post("/api/v1/flows/" + flow + "/phases/data_import/complete",
                    Map.of("attempt", 1, "output", Map.of("source", "x")));
            Api.Response next = api.post("/api/v1/flows/" + flow + "/execute", Map.of());

            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            assertThat(completed.number("version")).isEqualTo(2);
            assertThat(next.text("phase")).isEqualTo("attribute_mapping");
        }
    }

    // with the tests' clock: the clock is one per process (event timestamps read it), shared with the other tests' application
    private static ConfigurableApplicationContext start() {
        return CommandSideApplication.application().sources(TestClock.Configuration.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--masterflow.security.jwt.secret=" + Tokens.SECRET);
    }

    private static Api api(ConfigurableApplicationContext context) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new Api(port, Tokens.operator()).withHeader("X-Engagement-Id", Tokens.ENGAGEMENT);
    }
}
