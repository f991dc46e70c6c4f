package io.masterflow.migration.retention;

import io.masterflow.migration.support.Cli;
import io.masterflow.migration.support.RunningSides;
import io.masterflow.migration.support.TestDatabases;
import io.masterflow.security.Roles;
import io.masterflow.testsupport.Api;
import io.masterflow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.masterflow.migration.retention.ArchivalTest.A1;
import static io.masterflow.migration.retention.ArchivalTest.LATER;
import static io.masterflow.migration.retention.ArchivalTest.OTHER;
import static io.masterflow.migration.retention.ArchivalTest.count;
import static io.masterflow.migration.retention.ArchivalTest.eventIds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/admin/archived-flows/{flowId}/restore} on the real command side, over real HTTP through its
 * security chain and a real PostgreSQL, after a real {@code --archive}: the platform operator and the flow's account's
 * admin restore it whole (events as before, 200 from the query side, commands taken again); other roles are refused, no
 * token is 401, another account's or a never-archived flow is the 404 of a missing flow, and an archive that cannot be
 * read restores nothing.
 */
class ArchivedFlowRestoreEndpointTest {

    private static final String RESTORE = "/api/v1/admin/archived-flows/%s/restore";

    @Test
    void an_archived_flow_comes_back_through_the_admin_api_whole_or_not_at_all(@TempDir Path archive) throws Exception {
        String target = ArchivalTest.migratedSample();
        try (RunningSides sides = RunningSides.start(target)) {
            Api operator = ArchivalTest.api(sides.commandPort(), TestTokens.token("operator", A1, List.of("*"), Roles.FLOW_OPERATOR));
            String completed = ArchivalTest.completedPlanningFlow(sides, operator);
            sides.awaitProjected();
            Map<String, List<String>> before = eventIds(target);
            Cli.Result archived = Cli.run("--archive", archive.toString(), "--target-url", target, "--target-user", TestDatabases.USER,
                    "--target-password", TestDatabases.PASSWORD, "--retain", "*=30", "--as-of", LATER);
            assertThat(archived.exitCode()).as(archived.err()).isZero();
            assertThat(eventIds(target)).doesNotContainKey(completed);
            String path = RESTORE.formatted(completed);

            Api command = new Api(sides.commandPort(), null);
            Api.Response anonymous = command.post(path);
            assertThat(anonymous.status()).isEqualTo(401);
            for (String role : List.of(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.AUDITOR, Roles.WORKER)) {
                Api.Response refused = command.as(TestTokens.token("someone", A1, List.of("*"), role)).post(path);
                assertThat(refused.status()).as(role + ": " + refused.text()).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
            }
            Api.Response otherAccount = command.as(TestTokens.token("admin", OTHER, List.of("*"), Roles.ADMIN)).post(path);
            Api.Response missing = command.as(TestTokens.token("admin", OTHER, List.of("*"), Roles.ADMIN))
                    .post(RESTORE.formatted(UUID.randomUUID()));
            assertThat(otherAccount.status()).isEqualTo(404);
            assertThat(otherAccount.contentType()).startsWith("application/problem+json");
            assertThat(otherAccount.text().replace(completed, "ID")).isEqualTo(missing.text().replaceAll("[0-9a-f-]{36}", "ID"));
            Api platform = command.as(TestTokens.platformOperator("platform-ops"));
            String neverArchived = eventIds(target).keySet().iterator().next();
            assertThat(platform.post(RESTORE.formatted(neverArchived)).status()).as("a flow in the store").isEqualTo(404);
            assertThat(eventIds(target)).doesNotContainKey(completed);

            String location = location(target, completed);
            Api.Response restored = command.as(TestTokens.token("admin", A1, List.of("*"), Roles.ADMIN)).post(path);

            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            assertThat(restored.text("flowId")).isEqualTo(completed);
            assertThat(restored.number("eventsRestored")).isEqualTo(before.get(completed).size());
            assertThat(restored.text("archiveLocation")).isEqualTo(location).startsWith(archive.toString());
            assertThat(eventIds(target).get(completed)).isEqualTo(before.get(completed));
            assertThat(count(target, "SELECT count(*) FROM archived_flows WHERE flow_id = '" + completed + "'")).isZero();
            sides.awaitProjected();
            Api viewer = ArchivalTest.api(sides.queryPort(), TestTokens.token("viewer", A1, List.of("*"), Roles.FLOW_VIEWER));
            Api.Response back = viewer.get("/api/v1/flows/" + completed);
            assertThat(back.status()).as(back.text()).isEqualTo(200);
            assertThat(back.text("status")).isEqualTo("COMPLETED");
            Api.Response rewound = operator.post("/api/v1/flows/" + completed + "/rewind", Map.of("toPhase", "wave_planning", "reason", "again"));
            assertThat(rewound.status()).as(rewound.text()).isEqualTo(200);
            assertThat(command.as(TestTokens.token("admin", A1, List.of("*"), Roles.ADMIN)).post(path).status())
                    .as("restored once: no longer archived").isEqualTo(404);

            // an archive this server cannot read: nothing restored, and the answer says which and why
            String another = firstArchived(target);
            Path file = Path.of(location(target, another));
            Files.move(file, file.resolveSibling("moved-away"));
            Api.Response unreadable = platform.post(RESTORE.formatted(another));
            assertThat(unreadable.status()).as(unreadable.text()).isEqualTo(503);
            assertThat(unreadable.contentType()).startsWith("application/problem+json");
            assertThat(unreadable.text("detail")).contains("the archive of flow " + another + " could not be read, nothing was restored",
                    file.toString());
            assertThat(count(target, "SELECT count(*) FROM archived_flows WHERE flow_id = '" + another + "'")).isEqualTo(1);
            assertThat(eventIds(target)).doesNotContainKey(another);
        }
    }

    private static String firstArchived(String target) throws Exception {
        return string(target, "SELECT flow_id FROM archived_flows ORDER BY flow_id LIMIT 1");
    }

    private static String location(String target, String flow) throws Exception {
        return string(target, "SELECT archive_location FROM archived_flows WHERE flow_id = '" + flow + "'");
    }

    private static String string(String target, String sql) throws Exception {
        try (var connection = TestDatabases.connect(target); var statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
