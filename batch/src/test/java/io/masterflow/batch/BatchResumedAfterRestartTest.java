package io.masterflow.batch;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A node stops half-way through a batch; the node started after it finishes the batch, and no flow is acted on twice. */
class BatchResumedAfterRestartTest {

    private final String database = TestPostgres.newDatabase("batch_restart");
    private final UUID account = UUID.randomUUID();
    private final UUID engagement = UUID.randomUUID();
    private final String token = TestTokens.token("ops", account, List.of(engagement.toString()), Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER);

    private ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(CommandSideApplication.class, QuerySideApplication.class)
                .properties("spring.config.name=command-side,query-side,application")
                .run("--server.port=0", "--spring.datasource.url=" + database, "--spring.datasource.username=" + TestPostgres.user(),
                        "--spring.datasource.password=" + TestPostgres.password(), "--masterflow.security.jwt.secret=" + TestTokens.SECRET,
                        // slow enough to stop half-way, and a short lease so that the next node takes over soon
                        "--masterflow.batches.rate=4", "--masterflow.batches.claim-size=2", "--masterflow.batches.lease=2s",
                        "--masterflow.batches.poll-interval=100ms");
    }

    private static Api api(ConfigurableApplicationContext node, String token, UUID engagement) {
        return new Api(((ServletWebServerApplicationContext) node).getWebServer().getPort(), token)
                .withHeader("X-Engagement-Id", engagement.toString());
    }

    @Test
    void the_next_node_finishes_a_batch_a_stopped_node_left_half_done_and_acts_on_each_flow_once() {
        List<String> flows = new ArrayList<>();
        String batchId;
        try (ConfigurableApplicationContext first = node()) {
            Api api = api(first, token, engagement);
            for (int i = 0; i < 12; i++) {
                flows.add(api.post("/api/v1/flows", Map.of("flowType", "planning", "name", "flow " + i)).field("flowId"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/flows?limit=50").body().path("items").size() == 12);
            batchId = api.post("/api/v1/batches", Map.of("operation", "pause", "filter", Map.of())).field("batchId");
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/batches/" + batchId).body().path("done").asLong() >= 2);
        }
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(database,
                TestPostgres.user(), TestPostgres.password()));
        Long doneBefore = jdbc.queryForObject("SELECT count(*) FROM batch_item WHERE state = 'DONE'", Long.class);
        assertThat(doneBefore).as("stopped half-way").isBetween(2L, 11L);

        try (ConfigurableApplicationContext second = node()) {
            Api api = api(second, token, engagement);
            var finished = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/v1/batches/" + batchId).body(),
                    progress -> progress.path("state").asText().equals("COMPLETED"));

            assertThat(finished.path("done").asLong()).isEqualTo(12);
        }
        for (String flow : flows) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                    + "AND payloadtype LIKE '%.FlowPaused'", Long.class, flow)).as(flow).isEqualTo(1);
        }
    }
}
