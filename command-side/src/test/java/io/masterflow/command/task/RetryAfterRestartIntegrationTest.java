package io.masterflow.command.task;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.command.support.Nodes;
import io.masterflow.command.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A retry pending when every node stops still fires when one starts again. The applications here run on a database
 * of their own, so no other test's application can fire the deadline in their place.
 */
class RetryAfterRestartIntegrationTest {

    private static final String DATABASE = "restart_retry";

    @Test
    void a_retry_pending_while_the_application_is_down_fires_after_it_starts_again() {
        String flow;
        try (ConfigurableApplicationContext first = start()) {
            Api api = Nodes.api(first);
            flow = api.post("/api/v1/flows", Map.of("flowType", "discovery", "name", "retry survives restarts")).text("flowId");
            api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x")));
            Api.Response failed = api.post("/api/v1/flows/" + flow + "/phases/data_import/fail",
                    Map.of("attempt", 1, "error", "agent crashed", "retryable", true));
            assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        }

        TestClock.INSTANCE.advance(Duration.ofSeconds(13));

        try (ConfigurableApplicationContext second = start()) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            List<String> types = await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForList(
                    "select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber",
                    String.class, flow), all -> all.size() == 4);
            assertThat(types.get(3)).endsWith("PhaseStarted");
        }
    }

    private static ConfigurableApplicationContext start() {
        return Nodes.start(TestPostgres.database(DATABASE), "--masterflow.scheduler.poll-interval=50ms");
    }
}
