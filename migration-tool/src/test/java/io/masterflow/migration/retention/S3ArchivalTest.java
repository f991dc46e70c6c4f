package io.masterflow.migration.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.RunningSides;
import io.masterflow.migration.support.S3Server;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --archive s3://BUCKET/PREFIX} against a real S3-compatible server ({@link S3Server}) and a real PostgreSQL with
 * the sides running: one object per account, day and batch holding exactly the lines the directory export writes, the
 * 410 naming the object's URL, a restore from that URL bringing the flow back, and a run killed between its PUT and its
 * commit leaving no object behind once the next run has settled it.
 */
class S3ArchivalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "archive";
    private static final String PREFIX = "masterflow";
    private static final String ARCHIVE = "s3://" + BUCKET + "/" + PREFIX;
    private static final String LATER = "2030-01-01T00:00:00Z";
    private static final String BATCH_OBJECT = PREFIX + "/[0-9a-f-]{36}/\\d{4}-\\d{2}-\\d{2}/\\d{8}T\\d{9}Z-\\d{4}\\.jsonl\\.gz";

    @Test
    void archived_flows_go_to_an_object_per_account_day_and_batch_and_come_back_from_its_url(@TempDir Path folder) throws Exception {
        String target = ArchivalTest.migratedSample();
        try (S3Server s3 = S3Server.start(folder.resolve("s3"), BUCKET);
             RunningSides sides = RunningSides.start(target, "--masterflow.archive.s3-endpoint=" + s3.endpoint())) {
            sides.awaitProjected();
            Map<String, List<String>> before = ArchivalTest.eventIds(target);
            Path exported = folder.resolve("export");
            Cli.Result export = Cli.run(store(target, "--retention-export", exported.toString(), "--retain", "*=30", "--as-of", LATER));
            assertThat(export.exitCode()).as(export.err()).isZero();

            Cli.Result archived = Cli.run(store(target, "--archive", ARCHIVE, "--s3-endpoint", s3.endpoint(), "--retain", "*=30",
                    "--as-of", LATER, "--batch-size", "2"));

            assertThat(archived.exitCode()).as(archived.err()).isZero();
            assertThat(archived.out()).contains("rules *=30: 3 flows", " in " + ARCHIVE + " and deleted from the event store");
            Map<String, byte[]> objects = s3.objects(BUCKET, PREFIX + "/");
            assertThat(objects.keySet()).as("one object per account, day and batch; no marker left").isNotEmpty()
                    .allSatisfy(key -> assertThat(key).matches(BATCH_OBJECT));
            List<String> inObjects = new ArrayList<>();
            for (byte[] object : objects.values()) {
                inObjects.addAll(lines(new ByteArrayInputStream(object)));
            }
            List<String> inFiles = new ArrayList<>();
            try (Stream<Path> files = Files.walk(exported)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".jsonl.gz")).toList()) {
                    inFiles.addAll(lines(Files.newInputStream(file)));
                }
            }
            assertThat(inObjects).as("the lines the directory holds, byte for byte").hasSize(inFiles.size())
                    .containsExactlyInAnyOrderElementsOf(inFiles);
            Map<String, List<String>> after = ArchivalTest.eventIds(target);
            Set<String> gone = new TreeSet<>(before.keySet());
            gone.removeAll(after.keySet());
            assertThat(gone).hasSize(3);

            Map<String, String> row = archivedRow(target);
            String flow = row.get("flow_id");
            String location = row.get("archive_location");
            assertThat(location).startsWith(ARCHIVE + "/" + row.get("account_id") + "/");
            assertThat(objects).containsKey(location.substring(("s3://" + BUCKET + "/").length()));
            Api viewer = new Api(sides.queryPort(), TestTokens.token("viewer", UUID.fromString(row.get("account_id")), List.of("*"),
                    Roles.FLOW_VIEWER)).withHeader("X-Engagement-Id", row.get("engagement_id"));
            Api.Response answer = viewer.get("/api/v1/flows/" + flow);
            assertThat(answer.status()).as(answer.text()).isEqualTo(410);
            assertThat(answer.text("archiveLocation")).isEqualTo(location);
            assertThat(answer.text("detail")).contains("its events are in " + location);

            Cli.Result restored = Cli.run(store(target, "--restore-archive", location, "--s3-endpoint", s3.endpoint()));

            assertThat(restored.exitCode()).as(restored.err()).isZero();
            assertThat(restored.out()).contains("restored " + location + ": ");
            assertThat(ArchivalTest.eventIds(target).get(flow)).isEqualTo(before.get(flow));
            sides.awaitProjected();
            Api.Response back = viewer.get("/api/v1/flows/" + flow);
            assertThat(back.status()).as(back.text()).isEqualTo(200);

            // the command side's admin endpoint reads the same objects, as masterflow.archive.s3-endpoint says
            Api platform = new Api(sides.commandPort(), TestTokens.platformOperator("platform-ops"));
            Map<String, String> next = archivedRow(target);
            Api.Response overApi = platform.post("/api/v1/admin/archived-flows/" + next.get("flow_id") + "/restore");
            assertThat(overApi.status()).as(overApi.text()).isEqualTo(200);
            assertThat(overApi.text("archiveLocation")).isEqualTo(next.get("archive_location"));
            assertThat(ArchivalTest.eventIds(target).get(next.get("flow_id"))).isEqualTo(before.get(next.get("flow_id")));
            Map<String, String> last = archivedRow(target);
            s3.delete(BUCKET, last.get("archive_location").substring(("s3://" + BUCKET + "/").length()));
            Api.Response unreadable = platform.post("/api/v1/admin/archived-flows/" + last.get("flow_id") + "/restore");
            assertThat(unreadable.status()).as(unreadable.text()).isEqualTo(502);
            assertThat(unreadable.contentType()).startsWith("application/problem+json");
            assertThat(unreadable.text("detail")).contains("the archive of flow " + last.get("flow_id") + " could not be read",
                    last.get("archive_location"));
            assertThat(ArchivalTest.eventIds(target)).doesNotContainKey(last.get("flow_id"));
        }
    }

    @Test
    void a_run_killed_between_its_put_and_its_commit_leaves_no_object_once_the_next_run_settles_it(@TempDir Path folder)
            throws Exception {
        String target = ArchivalTest.migratedSample();
        Map<String, List<String>> before = ArchivalTest.eventIds(target);
        try (S3Server s3 = S3Server.start(folder.resolve("s3"), BUCKET)) {
            String[] archival = store(target, "--archive", ARCHIVE, "--s3-endpoint", s3.endpoint(), "--retain", "*=30",
                    "--as-of", LATER, "--batch-size", "1");

            Cli.Result interrupted = ArchivalTest.killSecondBatch(target, () -> Cli.run(archival));

            assertThat(interrupted.exitCode()).isNotZero();
            assertThat(ArchivalTest.count(target, "SELECT count(*) FROM archived_flows")).as("the first batch").isEqualTo(1);
            Map<String, byte[]> leftBehind = s3.objects(BUCKET, PREFIX + "/");
            assertThat(leftBehind.keySet().stream().filter(key -> key.startsWith(PREFIX + "/_pending/")))
                    .as("the interrupted batch's marker").hasSize(1);
            List<String> batchObjects = leftBehind.keySet().stream().filter(key -> key.matches(BATCH_OBJECT)).toList();
            assertThat(batchObjects).as("the committed batch's object and the interrupted one's").hasSize(2);
            String committed = archivedRow(target).get("archive_location").substring(("s3://" + BUCKET + "/").length());
            String orphan = batchObjects.stream().filter(key -> !key.equals(committed)).findFirst().orElseThrow();

            Cli.Result rerun = Cli.run(archival);

            assertThat(rerun.exitCode()).as(rerun.err()).isZero();
            assertThat(rerun.out()).contains("an append to s3://" + BUCKET + "/" + orphan + " left by an interrupted run was undone",
                    "rules *=30: 2 flows");
            Map<String, byte[]> objects = s3.objects(BUCKET, PREFIX + "/");
            assertThat(objects.keySet()).doesNotContain(orphan).allSatisfy(key -> assertThat(key).matches(BATCH_OBJECT)).hasSize(3);
            Map<String, List<String>> inObjects = new TreeMap<>();
            for (byte[] object : objects.values()) {
                for (String line : lines(new ByteArrayInputStream(object))) {
                    JsonNode event = JSON.readTree(line);
                    inObjects.computeIfAbsent(event.path("flowId").asText(), id -> new ArrayList<>()).add(event.path("eventId").asText());
                }
            }
            Map<String, List<String>> after = ArchivalTest.eventIds(target);
            assertThat(inObjects).as("every archived flow once, whole").isEqualTo(ArchivalTest.without(before, after.keySet()));
        }
    }

    private static String[] store(String target, String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--target-url", target, "--target-user", TestDatabases.USER, "--target-password", TestDatabases.PASSWORD));
        return args.toArray(String[]::new);
    }

    /** The first archived flow's row. */
    private static Map<String, String> archivedRow(String target) throws Exception {
        try (Connection connection = TestDatabases.connect(target); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT flow_id, account_id, engagement_id, archive_location FROM archived_flows ORDER BY archived_at, flow_id LIMIT 1")) {
            assertThat(result.next()).isTrue();
            Map<String, String> row = new TreeMap<>();
            for (String column : List.of("flow_id", "account_id", "engagement_id", "archive_location")) {
                row.put(column, result.getString(column));
            }
            return row;
        }
    }

    private static List<String> lines(InputStream gzipped) throws Exception {
        try (InputStream in = new GZIPInputStream(gzipped)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
