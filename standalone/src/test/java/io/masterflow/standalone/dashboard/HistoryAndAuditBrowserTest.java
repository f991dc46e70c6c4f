package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class HistoryAndAuditBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void an_auditor_reads_the_events_and_sees_the_flow_at_a_past_version_with_what_changed(Quickstart app, Browser browser,
                                                                                          QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Audited waves");
        api.runNextPhase(tenant.everyday(), flow);

        browser.signedIn(tenant.token("ines", List.of("auditor")), "/flows/" + flow + "/history");
        browser.waitForText("table.events", "PhaseCompleted");
        assertThat(browser.all("table.events tbody tr")).hasSize(3);
        assertThat(browser.find("tr[data-sequence='1']").getText()).contains("PhaseStarted", "alice");

        browser.click("tr[data-sequence='1'] button");
        browser.waitForText("[data-testid=time-travel]", "after version 1: version 1");
        assertThat(browser.find("[data-testid=changes]").getText())
                .contains("flow status: CREATED → RUNNING", "wave_planning state: pending → running");
        assertThat(browser.path()).endsWith("/history?version=1");

        browser.open(browser.path());
        browser.waitForText("[data-testid=time-travel]", "version 1");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("history");
    }

    @Test
    void the_audit_exports_download_files_whose_rows_match_the_list(Quickstart app, Browser browser, QuickstartApi api)
            throws IOException {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Exported waves");
        api.runNextPhase(tenant.everyday(), flow);
        api.createFlow(tenant.everyday(), tenant.engagement(), "finops", "Not in the export");

        browser.signedIn(tenant.token("ines", List.of("auditor")), "/audit?flowId=" + flow);
        browser.until(driver -> browser.all("table.audit tbody tr").size() == 3);
        List<String> listed = browser.all("table.audit tbody tr").stream().map(row -> row.getDomAttribute("data-event")).toList();
        browser.screenshot("audit");

        browser.click("[data-export=csv]");
        browser.waitForText("[data-testid=exported]", ".csv");
        List<String> csv = Files.readAllLines(downloaded(browser, ".csv"));
        assertThat(csv.get(0)).startsWith("occurredAt,userId");
        assertThat(csv.subList(1, csv.size())).hasSameSizeAs(listed);
        for (int row = 0; row < listed.size(); row++) {
            assertThat(csv.get(row + 1)).as("row %d is the event listed there", row).contains("," + listed.get(row) + ",");
        }
        assertThat(csv).allMatch(line -> !line.contains("Not in the export"));

        browser.click("[data-export=jsonl]");
        browser.waitForText("[data-testid=exported]", ".jsonl");
        List<String> lines = Files.readAllLines(downloaded(browser, ".jsonl"));
        assertThat(lines).extracting(line -> JSON.readTree(line).path("eventId").asText()).containsExactlyElementsOf(listed);
        assertThat(lines).extracting(line -> JSON.readTree(line).path("flowId").asText()).containsOnly(flow);
    }

    private static Path downloaded(Browser browser, String extension) {
        return browser.until(driver -> {
            try (Stream<Path> files = Files.list(browser.downloads())) {
                return files.filter(file -> file.toString().endsWith(extension)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }
}
