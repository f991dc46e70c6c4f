package io.masterflow.query.audit;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.events.FlowPaused;
import io.masterflow.events.FlowResumed;
import io.masterflow.events.PhaseFailed;
import io.masterflow.events.PhaseName;
import io.masterflow.events.PhaseStarted;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit trail of two flows by two users, read page by page, filtered and exported. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIntegrationTest extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");
    private static final PhaseName WAVES = PhaseName.of("wave_planning");

    private final Tenant tenant = Tenant.fresh();
    private Api auditor;
    private FlowStory first;
    private FlowStory second;

    @BeforeAll
    void twoFlows() {
        auditor = api(Tokens.auditor(tenant));
        first = story(tenant, T0).correlatedAs("request-1").created("planning", "=HYPERLINK(\"x\"), \"quoted\"")
                .then(new PhaseStarted(null, WAVES, 1, Map.of()))
                .then(new PhaseFailed(null, WAVES, 1, "solver timed out", true, T0.plusSeconds(60)));
        second = story(tenant, T0.plusSeconds(600)).by("bob").created("discovery", "estate scan")
                .then(new FlowPaused(null, "waiting for credentials"))
                .then(new FlowResumed(null, null));
        awaitAudited(first);
        awaitAudited(second);
    }

    @Test
    void every_event_is_an_entry_in_store_order_with_who_when_what_and_why() {
        JsonNode items = auditor.get("/api/v1/audit").body().path("items");

        assertThat(items).hasSize(6);
        List<String> events = new ArrayList<>();
        items.forEach(item -> events.add(item.path("eventId").asText()));
        assertThat(events).containsExactlyElementsOf(jdbc.queryForList("SELECT event_id FROM audit_entry WHERE client_account_id = ? "
                + "ORDER BY global_sequence", String.class, tenant.account()));

        JsonNode created = items.get(0);
        assertThat(created.path("eventType").asText()).isEqualTo("FlowCreated");
        assertThat(created.path("userId").asText()).isEqualTo("alice");
        assertThat(created.path("clientAccountId").asText()).isEqualTo(tenant.account().toString());
        assertThat(created.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
        assertThat(created.path("flowId").asText()).isEqualTo(first.idText());
        assertThat(created.path("flowVersion").asLong()).isZero();
        assertThat(created.path("correlationId").asText()).isEqualTo("request-1");
        assertThat(created.path("causationId").asText()).isNotBlank();
        assertThat(Instant.parse(created.path("occurredAt").asText())).isEqualTo(T0);
        assertThat(created.path("summary").asText()).startsWith("created planning flow '=HYPERLINK");

        assertThat(items.get(2).path("summary").asText())
                .isEqualTo("attempt 1 of phase wave_planning failed: 'solver timed out'; next attempt due at 2025-05-01T08:01:00Z");
        assertThat(items.get(4).path("summary").asText()).isEqualTo("paused the flow: 'waiting for credentials'");
        assertThat(items.get(4).path("userId").asText()).isEqualTo("bob");
    }

    @Test
    void filters_narrow_the_trail() {
        assertThat(auditor.get("/api/v1/audit?flowId=" + second.id()).body().path("items")).hasSize(3);
        assertThat(auditor.get("/api/v1/audit?userId=bob").body().path("items")).hasSize(3);
        assertThat(auditor.get("/api/v1/audit?eventType=PhaseFailed").body().path("items")).hasSize(1);
        // from is included, to is not: the resume at 08:10:02 is left out
        assertThat(auditor.get("/api/v1/audit?from=2025-05-01T08:00:01Z&to=2025-05-01T08:10:02Z").body().path("items"))
                .extracting(item -> item.path("eventType").asText())
                .containsExactly("PhaseStarted", "PhaseFailed", "FlowCreated", "FlowPaused");
        assertThat(auditor.get("/api/v1/audit?userId=bob&eventType=FlowResumed").body().path("items")).hasSize(1);
    }

    @Test
    void a_tenant_sees_no_global_position_neither_in_an_entry_nor_in_a_cursor() {
        JsonNode page = auditor.get("/api/v1/audit?limit=1").body();
        String lastOfPage = page.path("items").get(0).path("eventId").asText();
        Long position = jdbc.queryForObject("SELECT global_sequence FROM audit_entry WHERE event_id = ?", Long.class, lastOfPage);

        assertThat(page.path("items").get(0).has("globalSequence")).isFalse();
        String cursor = page.path("nextCursor").asText();
        assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1))
                .as("the cursor seals the position it stands for").doesNotContain(Long.toString(position));
        assertThat(auditor.get("/api/v1/audit/export?format=csv").text().lines().findFirst().orElseThrow()).doesNotContain("globalSequence");

        Api otherAccount = api(Tokens.auditor(Tenant.fresh()));
        assertThat(otherAccount.get("/api/v1/audit?cursor=" + cursor).status()).as("another account cannot use it").isEqualTo(400);
    }

    @Test
    void pages_follow_one_another_by_global_sequence() {
        List<String> events = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = auditor.get("/api/v1/audit?limit=4" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.path("items").forEach(item -> events.add(item.path("eventId").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(events).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void the_csv_export_has_a_header_one_row_per_entry_and_defuses_formulas() {
        Api.Response export = auditor.get("/api/v1/audit/export?format=csv&flowId=" + first.id());

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        assertThat(export.header("Content-Disposition")).startsWith("attachment; filename=\"audit-").endsWith(".csv\"");
        List<String> lines = export.text().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("occurredAt,userId,clientAccountId,engagementId,flowId,flowVersion,"
                + "eventType,summary,correlationId,causationId,eventId,via");
        assertThat(lines.get(1)).startsWith("2025-05-01T08:00:00Z,alice," + tenant.account() + "," + tenant.engagement() + ","
                + first.id() + ",0,FlowCreated,\"created planning flow '=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"'");
        assertThat(lines.get(3)).contains(",PhaseFailed,").contains(",request-1,");
    }

    @Test
    void the_json_lines_export_has_one_entry_per_line_as_the_list_shows_it() {
        Api.Response export = auditor.get("/api/v1/audit/export?format=jsonl&userId=bob");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = export.text().lines().map(AuditIntegrationTest::json).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(line -> line.path("eventType").asText())
                .containsExactly("FlowCreated", "FlowPaused", "FlowResumed");
        assertThat(lines.get(0)).isEqualTo(auditor.get("/api/v1/audit?userId=bob").body().path("items").get(0));
    }

    @Test
    void a_value_it_cannot_read_is_a_400_naming_the_parameter() {
        assertThat(auditor.get("/api/v1/audit?flowId=nope").text("field")).isEqualTo("flowId");
        assertThat(auditor.get("/api/v1/audit?from=soon").text("field")).isEqualTo("from");
        assertThat(auditor.get("/api/v1/audit?limit=501").text("field")).isEqualTo("limit");
        assertThat(auditor.get("/api/v1/audit?cursor=xyz").text("field")).isEqualTo("cursor");
        Api.Response badFormat = auditor.get("/api/v1/audit/export?format=xml");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.text("field")).isEqualTo("format");
    }

    @Test
    void the_audit_trail_is_for_auditors_only() {
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/audit/export").status()).isEqualTo(403);
        assertThat(api(null).get("/api/v1/audit").status()).isEqualTo(401);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
