package io.masterflow.migration.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.RunningSides;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --archive}: over the legacy sample migrated into a real PostgreSQL event store, with the real command and query
 * sides running on it and native flows beside the migrated ones, the flows the rules send away leave the event store
 * and the read models for their archive files, the audit trail keeps a tombstone, both sides answer 410 to the owner and
 * 404 to anyone else, a flow the command side holds in its cache takes no further event, a run killed in a batch is
 * finished by the next one without writing a flow twice, and a restore brings a flow back.
 */
class ArchivalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final UUID A1 = UUID.fromString("a1000000-0000-0000-0000-000000000000");
    static final UUID OTHER = UUID.fromString("b7000000-0000-0000-0000-000000000000");
    static final String E1 = "e1000000-0000-0000-0000-000000000000";
    static final String LATER = "2030-01-01T00:00:00Z";

    @Test
    void archived_flows_leave_store_and_read_models_for_their_files_and_come_back_when_restored(@TempDir Path archive)
            throws Exception {
        String target = migratedSample();
        try (RunningSides sides = RunningSides.start(target)) {
            Api operator = api(sides.commandPort(), TestTokens.token("operator", A1, List.of("*"), Roles.FLOW_OPERATOR));
            String deleted = sides.createNativeFlow(A1, E1, "discovery");
            assertThat(operator.delete("/api/v1/flows/" + deleted).status()).isEqualTo(200);
            String completed = completedPlanningFlow(sides, operator);
            sides.awaitProjected();
            Map<String, List<String>> before = eventIds(target);
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            Path todays = archive.resolve(A1.toString()).resolve(today + ".jsonl.gz");

            Cli.Result dryRun = Cli.run(archive(target, archive, "--retain", "discovery=30", "--as-of", LATER, "--dry-run"));
            assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).contains("3 of 10 flows in the store would be archived", "type discovery: 3 flows (1 completed, 2 deleted)");
            assertThat(eventIds(target)).isEqualTo(before);
            assertThat(archive).isEmptyDirectory();

            Cli.Result first = Cli.run(archive(target, archive, "--retain", "discovery=30", "--as-of", LATER));
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("archived as of " + LATER + ", rules discovery=30: 3 flows",
                    "account " + A1 + " type discovery: 3 flows (1 completed, 2 deleted)");
            byte[] todaysAfterFirst = Files.readAllBytes(todays);
            assertThat(flowsIn(todays)).containsExactly(deleted);

            Cli.Result second = Cli.run(archive(target, archive, "--retain", "*=30", "--as-of", LATER));
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out()).contains("rules *=30: 2 flows", "type assessment: 1 flows (1 completed, 0 deleted)",
                    "type planning: 1 flows (1 completed, 0 deleted)");
            assertThat(Files.readAllBytes(todays)).as("the day's file, appended to").startsWith(todaysAfterFirst);
            assertThat(flowsIn(todays)).as("the earlier flow kept").containsExactly(deleted, completed);

            Map<String, List<String>> after = eventIds(target);
            Set<String> archived = new TreeSet<>(before.keySet());
            archived.removeAll(after.keySet());
            assertThat(archived).hasSize(5).contains(deleted, completed);
            assertThat(after).as("every other flow as it was").isEqualTo(without(before, archived));
            Map<String, List<String>> inFiles = eventIdsInFiles(archive);
            assertThat(inFiles).as("each archived flow's events, once").isEqualTo(without(before, after.keySet()));
            assertThat(count(target, "SELECT count(*) FROM flow_status WHERE flow_id::text = ANY ('" + array(archived) + "')")).isZero();
            assertThat(count(target, "SELECT count(*) FROM audit_entry WHERE flow_id = ANY ('" + array(archived) + "')")).isZero();
            assertThat(count(target, "SELECT count(*) FROM archived_flows")).isEqualTo(5);
            try (var left = Files.walk(archive)) {
                assertThat(left.filter(file -> !file.toString().endsWith(".jsonl.gz") && Files.isRegularFile(file)).toList()).isEmpty();
            }

            // the query side: 410 with where the archive is for the owner, the 404 of a missing flow for anyone else
            Api viewer = api(sides.queryPort(), TestTokens.token("viewer", A1, List.of("*"), Roles.FLOW_VIEWER, Roles.AUDITOR));
            Api.Response gone = viewer.get("/api/v1/flows/" + completed);
            assertThat(gone.status()).as(gone.text()).isEqualTo(410);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(gone.text("archiveLocation")).isEqualTo(todays.toAbsolutePath().toString());
            assertThat(gone.text("rule")).isEqualTo("*=30");
            assertThat(gone.text("detail")).contains("flow " + completed + " was archived on", "under the retention rule *=30",
                    "its events are in " + todays.toAbsolutePath());
            assertThat(viewer.get("/api/v1/flows/" + completed + "/history").status()).isEqualTo(410);
            assertThat(viewer.get("/api/v1/flows/" + deleted + "/state").status()).isEqualTo(410);
            Api stranger = api(sides.queryPort(), TestTokens.token("viewer", OTHER, List.of("*"), Roles.FLOW_VIEWER));
            Api.Response hidden = stranger.get("/api/v1/flows/" + completed);
            Api.Response missing = stranger.get("/api/v1/flows/" + UUID.randomUUID());
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(hidden.text().replace(completed, "ID")).isEqualTo(missing.text().replaceAll("[0-9a-f-]{36}", "ID"));

            // the audit trail keeps a tombstone, read from the tombstones, so a rebuild of the trail keeps it too
            assertTombstone(viewer, completed, todays);
            Api platform = api(sides.queryPort(), TestTokens.platformOperator("platform-ops"));
            assertThat(platform.post("/api/v1/admin/projections/audit-trail/rebuild").status()).isEqualTo(202);
            awaitRebuilt(platform, "audit-trail");
            assertTombstone(viewer, completed, todays);

            // the command side: the completed flow is in its cache, and a rewind would append to its stream
            Api.Response rewind = operator.post("/api/v1/flows/" + completed + "/rewind",
                    Map.of("toPhase", "wave_planning", "reason", "again"));
            assertThat(rewind.status()).as(rewind.text()).isEqualTo(410);
            assertThat(rewind.text("detail")).contains("was archived on", "its events are in " + todays.toAbsolutePath());
            assertThat(operator.delete("/api/v1/flows/" + deleted).status()).isEqualTo(410);
            assertThat(count(target, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = '" + completed + "'"))
                    .as("nothing appended to the archived stream").isZero();
            Api strangerOperator = api(sides.commandPort(), TestTokens.token("operator", OTHER, List.of("*"), Roles.FLOW_OPERATOR));
            assertThat(strangerOperator.post("/api/v1/flows/" + completed + "/pause", Map.of()).status()).isEqualTo(404);

            // a restore: the flows are archived no more, the projections make their rows again, commands are taken
            Cli.Result restored = Cli.run("--restore-archive", todays.toString(), "--target-url", target, "--target-user",
                    TestDatabases.USER, "--target-password", TestDatabases.PASSWORD);
            assertThat(restored.exitCode()).as(restored.err()).isZero();
            assertThat(restored.out()).contains(": 2 flows, ");
            assertThat(eventIds(target).get(completed)).isEqualTo(before.get(completed));
            sides.awaitProjected();
            Api.Response back = viewer.get("/api/v1/flows/" + completed);
            assertThat(back.status()).as(back.text()).isEqualTo(200);
            assertThat(back.text("status")).isEqualTo("COMPLETED");
            assertThat(count(target, "SELECT count(*) FROM archived_flows")).isEqualTo(3);
            assertThat(count(target, "SELECT count(*) FROM flow_tombstone")).isEqualTo(3);
            Api.Response rewound = operator.post("/api/v1/flows/" + completed + "/rewind", Map.of("toPhase", "wave_planning", "reason", "again"));
            assertThat(rewound.status()).as(rewound.text()).isEqualTo(200);
        }
    }

    @Test
    void a_run_killed_in_a_batch_leaves_its_flows_in_the_store_and_the_next_run_archives_the_rest_once(@TempDir Path archive)
            throws Exception {
        String target = migratedSample();
        Map<String, List<String>> before = eventIds(target);
        Cli.Result interrupted = killSecondBatch(target,
                () -> Cli.run(archive(target, archive, "--retain", "*=30", "--as-of", LATER, "--batch-size", "1")));
        assertThat(interrupted.exitCode()).isNotZero();
        List<Path> journals;
        try (Stream<Path> files = Files.walk(archive)) {
            journals = files.filter(file -> file.toString().endsWith(".pending")).toList();
        }
        assertThat(journals).as("the interrupted append's journal").hasSize(1);
        assertThat(count(target, "SELECT count(*) FROM archived_flows")).as("the first batch").isEqualTo(1);

        Cli.Result rerun = Cli.run(archive(target, archive, "--retain", "*=30", "--as-of", LATER, "--batch-size", "1"));

        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("an append to " + journals.get(0).toString().replace(".pending", "")
                + " left by an interrupted run was undone", "rules *=30: 2 flows");
        Map<String, List<String>> after = eventIds(target);
        assertThat(after).hasSize(before.size() - 3);
        assertThat(eventIdsInFiles(archive)).as("every archived flow once, whole").isEqualTo(without(before, after.keySet()));
        try (Stream<Path> files = Files.walk(archive)) {
            assertThat(files.filter(file -> file.toString().contains(".pending")).toList()).isEmpty();
        }
    }

    @Test
    void the_event_store_refuses_events_of_an_archived_flow_until_it_is_restored() throws Exception {
        String target = TestDatabases.eventStore();
        TestDatabases.execute(target, """
                INSERT INTO archived_flows (flow_id, account_id, engagement_id, flow_type, archived_at, rule, archive_location)
                VALUES ('f1', NULL, NULL, 'discovery', now(), '*=30', '/archive/a/2025-01-01.jsonl.gz')""");
        String append = """
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload, payloadtype,
                                              timestamp)
                VALUES ('%s', 7, 'Flow', '%s', '\\x7b7d', 'io.masterflow.events.FlowRewound', '2026-01-01T00:00:00Z')""";
        try (Connection connection = TestDatabases.connect(target); Statement statement = connection.createStatement()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> statement.execute(append.formatted("f1", UUID.randomUUID())), java.sql.SQLException.class).getSQLState())
                    .isEqualTo("MFA01");
            statement.execute(append.formatted("f2", UUID.randomUUID()));
            statement.execute("DELETE FROM archived_flows WHERE flow_id = 'f1'");
            statement.execute(append.formatted("f1", UUID.randomUUID()));
        }
        assertThat(count(target, "SELECT count(*) FROM domainevententry")).isEqualTo(2);
    }

    /**
     * Runs an archival whose second batch stalls after its lines are written and before its transaction commits, then
     * cuts that batch's connection: a {@code kill -9} as the store sees it. What the run answered.
     */
    static Cli.Result killSecondBatch(String target, Supplier<Cli.Result> archival) throws Exception {
        TestDatabases.execute(target, """
                CREATE FUNCTION test_stall() RETURNS TRIGGER AS $$
                BEGIN
                    IF (SELECT count(*) FROM archived_flows) > 1 THEN PERFORM pg_sleep(60); END IF;
                    RETURN NULL;
                END; $$ LANGUAGE plpgsql;
                CREATE TRIGGER test_stall AFTER INSERT ON archived_flows FOR EACH STATEMENT EXECUTE FUNCTION test_stall();""");
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(archival);
        long stalled = 0;
        for (int wait = 0; wait < 600 && stalled == 0; wait++) {
            Thread.sleep(100);
            stalled = count(target, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
        }
        assertThat(stalled).as("the second batch stalled").isEqualTo(1);
        Cli.Result stopped = run.join();
        TestDatabases.execute(target, "DROP TRIGGER test_stall ON archived_flows");
        return stopped;
    }

    private static void assertTombstone(Api auditor, String flow, Path file) {
        Api.Response trail = auditor.get("/api/v1/audit?flowId=" + flow);
        assertThat(trail.status()).as(trail.text()).isEqualTo(200);
        JsonNode items = trail.body().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("eventType").asText()).isEqualTo("FlowArchived");
        assertThat(items.get(0).path("summary").asText()).isEqualTo("archived under the retention rule *=30: its events are in "
                + file.toAbsolutePath());
        Api.Response export = auditor.get("/api/v1/audit/export?format=jsonl&flowId=" + flow);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.text().lines().toList()).singleElement().asString().contains("\"eventType\":\"FlowArchived\"");
    }

    private static void awaitRebuilt(Api platform, String projection) throws InterruptedException {
        for (int wait = 0; wait < 600; wait++) {
            Api.Response status = platform.get("/api/v1/admin/projections/" + projection);
            String state = status.body().path("rebuild").path("state").asText();
            assertThat(state).as(status.text()).isNotEqualTo("FAILED");
            if (state.equals("COMPLETED")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rebuild of " + projection + " did not complete");
    }

    /** A planning flow run to its end through the command API, so that the command side holds it in its cache. */
    static String completedPlanningFlow(RunningSides sides, Api operator) {
        String flow = sides.createNativeFlow(A1, E1, "planning");
        for (String phase : List.of("wave_planning", "timeline_optimization", "resource_allocation")) {
            Api.Response started = operator.post("/api/v1/flows/" + flow + "/execute", Map.of("phase", phase));
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            Api.Response done = operator.post("/api/v1/flows/" + flow + "/phases/" + phase + "/complete",
                    Map.of("attempt", 1, "output", Map.of()));
            assertThat(done.status()).as(done.text()).isEqualTo(200);
        }
        return flow;
    }

    static Api api(int port, String token) {
        return new Api(port, token).withHeader("X-Engagement-Id", E1);
    }

    static String migratedSample() {
        String store = TestDatabases.eventStore();
        Cli.Result migrated = Cli.run(Cli.args(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), store));
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        return store;
    }

    private static String[] archive(String target, Path directory, String... more) {
        List<String> args = new ArrayList<>(List.of("--archive", directory.toString(), "--target-url", target,
                "--target-user", TestDatabases.USER, "--target-password", TestDatabases.PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Every flow's event ids in sequence order. */
    static Map<String, List<String>> eventIds(String store) throws Exception {
        Map<String, List<String>> flows = new TreeMap<>();
        try (Connection connection = TestDatabases.connect(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT aggregateidentifier, eventidentifier FROM domainevententry ORDER BY aggregateidentifier, sequencenumber")) {
            while (result.next()) {
                flows.computeIfAbsent(result.getString(1), id -> new ArrayList<>()).add(result.getString(2));
            }
        }
        return flows;
    }

    /** Every flow's event ids in the archive files, in the order they are written. */
    private static Map<String, List<String>> eventIdsInFiles(Path archive) throws Exception {
        Map<String, List<String>> flows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".jsonl.gz")).toList()) {
                for (JsonNode line : lines(file)) {
                    flows.computeIfAbsent(line.path("flowId").asText(), id -> new ArrayList<>()).add(line.path("eventId").asText());
                }
            }
        }
        return flows;
    }

    private static List<String> flowsIn(Path file) throws Exception {
        return lines(file).stream().map(line -> line.path("flowId").asText()).distinct().toList();
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    static Map<String, List<String>> without(Map<String, List<String>> flows, Set<String> ids) {
        Map<String, List<String>> rest = new LinkedHashMap<>(new TreeMap<>(flows));
        ids.forEach(rest::remove);
        return new TreeMap<>(rest);
    }

    private static String array(Set<String> ids) {
        return "{" + String.join(",", ids) + "}";
    }

    static long count(String store, String sql) throws Exception {
        try (Connection connection = TestDatabases.connect(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
