package io.masterflow.migration;

import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.LegacyDataGenerator;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.testsupport.PackagedJar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped jar on its own, as an operator runs it on the cut-over day: it creates the event store in an empty
 * database (the command side's migrations, read from inside the jar), and a rollback killed with kill -9 halfway
 * leaves only whole flows and is finished by running it again.
 */
class PackagedCutoverIT {

    private static final Path JAR = PackagedJar.fromProperty("packaged.jar");
    private static final Pattern RUN = Pattern.compile("masterflow-migrate migrate, run ([0-9a-f-]{36}):");

    @Test
    void migrate_into_an_empty_database_then_a_rollback_killed_halfway_resumes_to_the_end() throws Exception {
        String source = TestDatabases.legacyDatabase();
        try (LegacyDataGenerator generator = new LegacyDataGenerator(source, 3)) {
            generator.generate(4000, LegacyDataGenerator.Mix.BENCHMARK);
        }
        String target = TestDatabases.newDatabase("packaged_cutover");

        String migrated = runToEnd(List.of(Cli.args(source, target)));
        assertThat(migrated).contains("masterflow-migrate: created the event store's tables in " + target);
        Matcher run = RUN.matcher(migrated);
        assertThat(run.find()).as(migrated).isTrue();
        String runId = run.group(1);
        Map<String, Long> eventsPerFlow = eventsPerFlow(target);
        assertThat(eventsPerFlow).hasSize(4000);

        assertThat(runToEnd(rollback(target, "--rollback", runId, "--dry-run")))
                .contains("would delete " + eventsPerFlow.values().stream().mapToLong(Long::longValue).sum() + " events");

        long before = total(eventsPerFlow);
        try (PackagedJar killed = PackagedJar.start(JAR, rollback(target, "--rollback", runId, "--confirm", runId,
                "--batch-size", "10"), Map.of())) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (total(eventsPerFlow(target)) == before) {
                assertThat(killed.isAlive()).as("the rollback deletes its first batch while it runs: " + killed.output()).isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(20);
            }
            killed.kill();
        }
        Map<String, Long> left = eventsPerFlow(target);
        assertThat(left).as("some flows deleted, some left").isNotEmpty().hasSizeLessThan(4000);
        left.forEach((flow, events) -> assertThat(events).as("flow %s is whole", flow).isEqualTo(eventsPerFlow.get(flow)));

        String resumed = runToEnd(rollback(target, "--rollback", runId, "--confirm", runId));
        assertThat(resumed).contains("deleted " + total(left) + " events: removed " + left.size() + " flows whole");
        assertThat(eventsPerFlow(target)).isEmpty();
    }

    private static String runToEnd(List<String> arguments) {
        try (PackagedJar run = PackagedJar.start(JAR, arguments, Map.of())) {
            int exitCode = run.awaitExit(Duration.ofSeconds(300));
            assertThat(exitCode).as(run.output()).isZero();
            return run.output();
        }
    }

    private static List<String> rollback(String target, String... more) {
        return List.of(RollbackTest.rollback(target, more));
    }

    private static long total(Map<String, Long> eventsPerFlow) {
        return eventsPerFlow.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> eventsPerFlow(String url) throws SQLException {
        Map<String, Long> flows = new HashMap<>();
        try (Connection connection = TestDatabases.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT aggregateidentifier, count(*), max(sequencenumber) FROM domainevententry GROUP BY 1")) {
            while (result.next()) {
                assertThat(result.getLong(3)).as("no gap in flow " + result.getString(1)).isEqualTo(result.getLong(2) - 1);
                flows.put(result.getString(1), result.getLong(2));
            }
        }
        return flows;
    }
}
