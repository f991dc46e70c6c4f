package io.masterflow.migration.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowId;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.legacy.LegacyTable;
import io.masterflow.migration.mapping.FlowMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --retention-dry-run} over the legacy sample migrated into a real PostgreSQL event store: 8 flows, of which
 * account a1's assessment completed on 2025-04-03, its discovery flows deleted on 2025-01-12 and completed on
 * 2025-07-09; account a2's failed discovery flow is not finished, the rest are running or paused.
 */
class RetentionDryRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A1 = "a1000000-0000-0000-0000-000000000000";
    private static final String AS_OF = "2026-12-01T00:00:00Z";

    private static String target;
    private static String before;

    @BeforeAll
    static void migrateTheSample() throws Exception {
        target = migratedSample();
        before = fingerprint(target);
    }

    @Test
    void counts_the_finished_and_deleted_flows_older_than_their_rule_per_account_and_type_and_changes_nothing() throws Exception {
        Cli.Result result = Cli.run(dryRun(target, "--retain", "*=30", "--as-of", AS_OF));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("retention dry run as of 2026-12-01T00:00:00Z, rules *=30: 3 of 8 flows in the store "
                        + "would be archived (nothing was changed)",
                "account " + A1 + " type assessment: 1 flows (1 completed, 0 deleted), last activity 2025-04-03T16:00:00Z .. "
                        + "2025-04-03T16:00:00Z",
                "account " + A1 + " type discovery: 2 flows (1 completed, 1 deleted), last activity 2025-01-12T10:00:00Z .. "
                        + "2025-07-09T17:00:00Z");
        assertThat(result.out()).doesNotContain("a2000000").doesNotContain("type planning");
        assertThat(fingerprint(target)).as("the event store").isEqualTo(before);
    }

    @Test
    void a_rule_of_its_own_overrides_star_and_a_type_without_a_rule_is_kept() {
        Cli.Result longer = Cli.run(dryRun(target, "--retain", "*=30,assessment=1000", "--as-of", AS_OF));
        assertThat(longer.out()).contains("rules assessment=1000, *=30: 2 of 8 flows", "type discovery: 2 flows")
                .doesNotContain("type assessment");

        Cli.Result onlyDiscovery = Cli.run(dryRun(target, "--retain", "discovery=30", "--as-of", AS_OF));
        assertThat(onlyDiscovery.out()).contains("rules discovery=30: 2 of 8 flows").doesNotContain("type assessment");
    }

    @Test
    void the_flow_types_own_retention_rules_apply_unless_retain_names_the_type(@TempDir Path flowTypes) throws Exception {
        String assessment = new String(RetentionDryRunTest.class.getResourceAsStream("/flow-types/assessment.yml").readAllBytes(),
                StandardCharsets.UTF_8).replaceFirst("(?m)^version: 1$", "version: 9") + "retention: { days: 30 }\n";
        Files.writeString(flowTypes.resolve("assessment-v9.yml"), assessment);

        Cli.Result fromTypes = Cli.run(dryRun(target, "--flow-types-dir", flowTypes.toString(), "--as-of", AS_OF));
        assertThat(fromTypes.exitCode()).as(fromTypes.err()).isZero();
        assertThat(fromTypes.out()).contains("rules assessment=30: 1 of 8 flows", "type assessment: 1 flows (1 completed, 0 deleted)")
                .doesNotContain("type discovery");

        Cli.Result overridden = Cli.run(dryRun(target, "--flow-types-dir", flowTypes.toString(), "--retain", "assessment=1000,discovery=30",
                "--as-of", AS_OF));
        assertThat(overridden.out()).contains("rules assessment=1000, discovery=30: 2 of 8 flows").doesNotContain("type assessment");
    }

    @Test
    void a_flow_is_judged_by_its_last_event_as_of_the_time_given() {
        Cli.Result early = Cli.run(dryRun(target, "--retain", "*=30", "--as-of", "2025-03-01T00:00:00Z"));

        assertThat(early.out()).contains("1 of 8 flows", "type discovery: 1 flows (0 completed, 1 deleted)")
                .doesNotContain("type assessment");
        assertThat(Cli.run(dryRun(target, "--retain", "*=30")).out()).contains("3 of 8 flows");
    }

    @Test
    void a_flow_rewound_after_its_completion_is_not_finished() throws Exception {
        String store = migratedSample();
        FlowId completed = FlowMapper.flowIdOf(LegacyTable.MASTER, "10000000-0000-0000-0000-000000000008");
        TestDatabases.execute(store, """
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, timestamp)
                SELECT aggregateidentifier, sequencenumber + 1, type, gen_random_uuid()::text, metadata,
                       convert_to('{"flowId":"' || aggregateidentifier || '"}', 'UTF8'),
                       'io.masterflow.events.FlowRewound', '2025-07-10T00:00:00Z'
                FROM domainevententry WHERE aggregateidentifier = '%s' ORDER BY sequencenumber DESC LIMIT 1""".formatted(completed));

        Cli.Result result = Cli.run(dryRun(store, "--retain", "*=30", "--as-of", AS_OF));

        assertThat(result.out()).contains("2 of 8 flows", "type discovery: 1 flows (0 completed, 1 deleted)");
    }

    @Test
    void wrong_rules_are_usage_errors() {
        int usage = MigrationFailure.Kind.USAGE.exitCode();
        assertThat(Cli.run(dryRun(target)).err()).contains("a retention run needs at least one rule: --retain TYPE=DAYS, or retention.days in a flow type's definition");
        assertThat(Cli.run(dryRun(target, "--retain", "discovery=30,discovery=60")).err())
                .contains("--retain names flow type discovery twice");
        Cli.Result wrong = Cli.run(dryRun(target, "--retain", "Discovery=a year"));
        assertThat(wrong.exitCode()).isEqualTo(usage);
        assertThat(wrong.err()).contains("--retain takes TYPE=DAYS");
        assertThat(Cli.run(dryRun(target, "--retain", "*=30", "--source-url", target)).err())
                .contains("--source-url does not go with --retention-dry-run");
        assertThat(Cli.run("--retention-dry-run", "--retain", "*=30").err()).contains("--retention-dry-run needs --target-url");
        assertThat(Cli.run(dryRun(target, "--retain", "*=30", "--as-of", "yesterday")).exitCode()).isEqualTo(usage);
        assertThat(Cli.run(dryRun(target, "--retain", "*=30", "--retention-export", "/tmp/x")).err())
                .contains("one of --retention-dry-run, --retention-export DIR, --archive DIR or --restore-archive FILE, not several");
    }

    @Test
    void the_export_writes_each_flow_s_events_as_stored_one_file_per_account_and_day_and_changes_nothing(@TempDir Path archive)
            throws Exception {
        Cli.Result result = Cli.run(export(archive, "--retain", "*=30", "--as-of", AS_OF));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("retention export as of 2026-12-01T00:00:00Z, rules *=30: 3 flows",
                "written to 3 files in " + archive + " (the event store was not changed)");
        Path assessment = archive.resolve(A1).resolve("2025-04-03.jsonl.gz");
        Path deleted = archive.resolve(A1).resolve("2025-01-12.jsonl.gz");
        Path completed = archive.resolve(A1).resolve("2025-07-09.jsonl.gz");
        try (var files = Files.walk(archive)) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactlyInAnyOrder(assessment, deleted, completed);
        }
        for (Path file : List.of(assessment, deleted, completed)) {
            List<JsonNode> lines = lines(file);
            String flow = lines.get(0).path("flowId").asText();
            assertThat(lines).as(file.toString()).allMatch(line -> line.path("flowId").asText().equals(flow));
            assertThat(lines.stream().map(line -> line.path("sequenceNumber").asLong()).toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, lines.size()).boxed().toList());
            assertThat(lines.stream().map(ArchiveLine::of).toList()).as("the flow's events as stored").isEqualTo(stored(flow));
        }
        assertThat(lines(deleted).get(lines(deleted).size() - 1).path("payloadType").asText())
                .isEqualTo("io.masterflow.events.FlowDeleted");
        assertThat(fingerprint(target)).as("the event store").isEqualTo(before);

        byte[] first = unzip(assessment);
        assertThat(Cli.run(export(archive, "--retain", "*=30", "--as-of", AS_OF)).exitCode()).isZero();
        assertThat(unzip(assessment)).as("a second export writes the same file").isEqualTo(first);
        try (var files = Files.walk(archive)) {
            assertThat(files.filter(file -> file.toString().endsWith(".part")).toList()).isEmpty();
        }
    }

    @Test
    void an_exported_file_restored_into_an_empty_store_gives_back_its_flows_as_they_were_once(@TempDir Path archive) throws Exception {
        assertThat(Cli.run(export(archive, "--retain", "*=30", "--as-of", AS_OF)).exitCode()).isZero();
        Path discovery = archive.resolve(A1).resolve("2025-07-09.jsonl.gz");
        String flow = lines(discovery).get(0).path("flowId").asText();
        String empty = TestDatabases.eventStore();

        Cli.Result restored = Cli.run(restore(empty, discovery));

        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored " + discovery + ": 1 flows, " + lines(discovery).size()
                + " events; 0 flows already in the store");
        assertThat(storedExactly(empty, flow)).isEqualTo(storedExactly(target, flow));

        Cli.Result again = Cli.run(restore(empty, discovery));
        assertThat(again.out()).contains(": 0 flows, 0 events; 1 flows already in the store, left as they are",
                "flow " + flow + ": already in the store, not restored");
        assertThat(storedExactly(empty, flow)).isEqualTo(storedExactly(target, flow));

        Path broken = archive.resolve("broken.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(broken))) {
            out.write(unzip(archive.resolve(A1).resolve("2025-04-03.jsonl.gz")));
            out.write("{\"flowId\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        String beforeBroken = fingerprint(empty);
        Cli.Result refused = Cli.run(restore(empty, broken));
        assertThat(refused.exitCode()).isEqualTo(MigrationFailure.Kind.SOURCE.exitCode());
        assertThat(refused.err()).contains("has no sequenceNumber: not an archive file", "nothing was restored");
        assertThat(fingerprint(empty)).isEqualTo(beforeBroken);
        assertThat(RetentionDryRunTest.count(empty)).as("only the restored flow").isEqualTo(lines(discovery).size());
        assertThat(Cli.run("--restore-archive", broken.toString(), "--target-url", empty, "--retain", "*=1").err())
                .contains("--restore-archive restores a whole file: --retain and --as-of do not go with it");
    }

    /** Every stored column of a flow's events but the global index, bytes as stored. */
    private static List<String> storedExactly(String store, String flow) throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT concat_ws('|', sequencenumber, type, eventidentifier, payloadrevision, payloadtype, timestamp,
                                      encode(metadata, 'hex'), encode(payload, 'hex'))
                     FROM domainevententry WHERE aggregateidentifier = '%s' ORDER BY sequencenumber""".formatted(flow))) {
            while (result.next()) {
                events.add(result.getString(1));
            }
        }
        return events;
    }

    private static long count(String store) throws Exception {
        try (Connection connection = TestDatabases.connect(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM domainevententry")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String[] restore(String store, Path file) {
        return new String[] {"--restore-archive", file.toString(), "--target-url", store, "--target-user", TestDatabases.USER,
                "--target-password", TestDatabases.PASSWORD};
    }

    /** What a line must carry of the stored event: enough to put it back as it was. */
    record ArchiveLine(String eventId, long globalIndex, String payloadType, String timestamp, JsonNode metaData, JsonNode payload) {

        static ArchiveLine of(JsonNode line) {
            return new ArchiveLine(line.path("eventId").asText(), line.path("globalIndex").asLong(), line.path("payloadType").asText(),
                    line.path("timestamp").asText(), line.path("metaData"), line.path("payload"));
        }
    }

    private static List<ArchiveLine> stored(String flow) throws Exception {
        List<ArchiveLine> events = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(target); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT eventidentifier, globalindex, payloadtype, timestamp, convert_from(metadata, 'UTF8'),
                            convert_from(payload, 'UTF8')
                     FROM domainevententry WHERE aggregateidentifier = '%s' ORDER BY sequencenumber""".formatted(flow))) {
            while (result.next()) {
                events.add(new ArchiveLine(result.getString(1), result.getLong(2), result.getString(3), result.getString(4),
                        JSON.readTree(result.getString(5)), JSON.readTree(result.getString(6))));
            }
        }
        return events;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(unzip(file), StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static byte[] unzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static String[] export(Path archive, String... more) {
        List<String> args = new ArrayList<>(List.of("--retention-export", archive.toString(), "--target-url", target,
                "--target-user", TestDatabases.USER, "--target-password", TestDatabases.PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String migratedSample() {
        String store = TestDatabases.eventStore();
        Cli.Result migrated = Cli.run(Cli.args(TestDatabases.legacyDatabase("/legacy/legacy-sample.sql"), store));
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        return store;
    }

    private static String[] dryRun(String store, String... more) {
        List<String> args = new ArrayList<>(List.of("--retention-dry-run", "--target-url", store, "--target-user",
                TestDatabases.USER, "--target-password", TestDatabases.PASSWORD));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Every event as stored, hashed in order. */
    private static String fingerprint(String store) throws Exception {
        try (Connection connection = TestDatabases.connect(store); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT count(*) || '/' || md5(string_agg(globalindex || aggregateidentifier || sequencenumber
                            || payloadtype || timestamp || md5(payload) || coalesce(md5(metadata), ''), ',' ORDER BY globalindex))
                     FROM domainevententry""")) {
            result.next();
            return result.getString(1);
        }
    }
}
