package io.masterflow.migration;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.StoredEvents;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrated flows are ordinary flows: the real command side, started on the event store the tool wrote, executes
 * their next phase through its HTTP API, and their history keeps the legacy transitions with their own times.
 */
class MigratedFlowsContinueTest {

    private static final String SECRET = TestTokens.SECRET;
    private static final UUID A1 = UUID.fromString("a1000000-0000-0000-0000-000000000000");
    private static final UUID A2 = UUID.fromString("a2000000-0000-0000-0000-000000000000");
    private static final String E1 = "e1000000-0000-0000-0000-000000000000";
    private static final String E2 = "e2000000-0000-0000-0000-000000000000";
    private static final String E3 = "e3000000-0000-0000-0000-000000000000";

    private static String target;
    private static ConfigurableApplicationContext commandSide;
    private static int port;

    @BeforeAll
    static void migrateTheSampleAndStartTheCommandSideOnIt() {
        target = TestDatabases.eventStore();
        Cli.Result migrated = Cli.run(Cli.args(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), target));
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        commandSide = CommandSideApplication.application().run("--spring.datasource.url=" + target,
                "--spring.datasource.username=" + TestDatabases.USER, "--spring.datasource.password=" + TestDatabases.PASSWORD,
                "--server.port=0", "--masterflow.security.jwt.secret=" + SECRET, "--spring.main.banner-mode=off");
        port = ((WebServerApplicationContext) commandSide).getWebServer().getPort();
    }

    @AfterAll
    static void stopTheCommandSide() {
        if (commandSide != null) {
            commandSide.close();
        }
    }

    private static FlowId master(int row) {
        return FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-0000000000" + String.format("%02d", row));
    }

    private static String token(UUID account, String engagement) {
        return TestTokens.token("operator", account, List.of(engagement), Roles.FLOW_OPERATOR);
    }

    private static Api.Response post(String token, String path, Object body) {
        return new Api(port, token).post("/api/v1/flows/" + path, body);
    }

    @Test
    void a_migrated_discovery_flow_executes_its_next_phase_and_keeps_its_legacy_history_with_the_original_times()
            throws Exception {
        FlowId flow = master(1);
        String operator = token(A1, E1);

        Api.Response started = post(operator, flow + "/execute", Map.of());
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        assertThat(started.body().path("phase").asText()).isEqualTo("inventory");
        assertThat(started.body().path("attempt").asInt()).isEqualTo(1);
        assertThat(started.body().path("version").asLong()).isEqualTo(11);

        Api.Response completed = post(operator, flow + "/phases/inventory/complete", Map.of("attempt", 1, "output", Map.of("servers", 2)));
        assertThat(completed.status()).as(completed.body().toString()).isEqualTo(200);

        List<? extends DomainEventMessage<?>> history = new StoredEvents(target).of(flow);
        assertThat(history).hasSize(13);
        assertThat(history.get(1).getPayload()).isEqualTo(new PhaseStarted(flow, PhaseName.of("data_import"), 1, Map.of()));
        assertThat(history.get(1).getTimestamp()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(history.get(11).getPayload()).isEqualTo(new PhaseStarted(flow, PhaseName.of("inventory"), 1, Map.of()));
        assertThat(history.get(11).getTimestamp()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        assertThat(history.get(12).getPayload()).isInstanceOf(PhaseCompleted.class);
        assertThat(history.get(12).getMetaData()).containsEntry("clientAccountId", A1.toString()).containsEntry("userId", "operator");
    }

    @Test
    void a_migrated_paused_assessment_resumes_and_starts_the_phase_after_its_completed_one() throws Exception {
        FlowId flow = master(3);
        String operator = token(A1, E2);

        assertThat(post(operator, flow + "/execute", Map.of()).status()).isEqualTo(409);
        Api.Response resumed = post(operator, flow + "/resume", Map.of("reason", "review done"));
        assertThat(resumed.status()).as(resumed.body().toString()).isEqualTo(200);
        Api.Response started = post(operator, flow + "/execute", Map.of());

        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        assertThat(started.body().path("phase").asText()).isEqualTo("complexity_analysis");
    }

    @Test
    void a_migrated_failed_flow_restarts_its_failed_phase_and_a_completed_one_refuses_more() throws Exception {
        Api.Response restarted = post(token(A2, E3), master(10) + "/execute", Map.of("input", Map.of("source", "cmdb.csv")));
        assertThat(restarted.status()).as(restarted.body().toString()).isEqualTo(202);
        assertThat(restarted.body().path("phase").asText()).isEqualTo("data_import");
        assertThat(restarted.body().path("attempt").asInt()).isEqualTo(1);

        assertThat(post(token(A1, E2), master(8) + "/execute", Map.of()).status()).isEqualTo(409);
        assertThat(post(token(A1, E1), master(7) + "/execute", Map.of()).status()).isEqualTo(410);
    }

    @Test
    void a_migrated_flow_of_another_tenant_is_answered_like_one_that_does_not_exist() throws Exception {
        Api.Response foreign = post(token(A2, E3), master(1) + "/execute", Map.of());

        assertThat(foreign.status()).isEqualTo(404);
    }
}
