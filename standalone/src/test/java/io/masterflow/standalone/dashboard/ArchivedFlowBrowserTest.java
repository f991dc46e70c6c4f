package io.masterflow.standalone.dashboard;

import io.masterflow.migration.MigrateCommand;
import io.masterflow.standalone.Quickstart;
import io.masterflow.testsupport.Api.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flow archived by the migration tool's {@code --archive}, as an operator runs it against the quickstart's database:
 * its page, its history and its tombstone in the audit trail say that it was archived, when, under which rule, into
 * which file and how to restore it, with no action offered and no error to try again.
 */
@Dashboard
class ArchivedFlowBrowserTest {

    @Test
    void an_archived_flow_reads_as_archived_with_its_rule_file_and_restore_command_and_offers_no_action(
            Quickstart app, Browser browser, QuickstartApi api, @TempDir Path archive) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "decommission", "Mainframe retired");
        long version = 0;
        for (int phase = 0; phase < 3; phase++) {
            version = api.runNextPhase(tenant.everyday(), flow).path("version").asLong();
        }
        assertThat(api.awaitVersion(tenant.everyday(), flow, version).path("status").asText()).isEqualTo("COMPLETED");

        // the rule names decommission flows only (kept 0 days after they finish), which no other test of the shared
        // quickstart makes: the archival takes this flow and leaves every other test's flows where they are
        archiveDecommissionFlows(app, archive);
        Path file = archive.resolve(tenant.account().toString()).resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl.gz");
        Response gone = api.get("/api/v1/flows/" + flow, tenant.everyday());
        assertThat(gone.status()).as(gone.text()).isEqualTo(410);
        assertThat(gone.text("archiveLocation")).isEqualTo(file.toAbsolutePath().toString());
        String location = gone.text("archiveLocation");

        browser.signedIn(tenant.everyday(), "/flows/" + flow);
        browser.waitForText("main h1", "Archived flow");
        String page = browser.find("[data-testid=archived]").getText();
        assertThat(page).contains("This flow was archived", flow, "decommission flows are kept 0 days after they finish");
        assertThat(browser.find("[data-testid=archived-rule]").getText()).startsWith("decommission=0");
        assertThat(browser.find("[data-testid=archive-location]").getText()).isEqualTo(location);
        assertThat(Instant.parse(browser.find("[data-testid=archived-at] time").getAttribute("datetime")))
                .as("the browser's time, to the millisecond").isEqualTo(Instant.parse(gone.text("archivedAt")).truncatedTo(ChronoUnit.MILLIS));
        assertThat(browser.find("[data-testid=restore-command]").getText())
                .startsWith("masterflow-migrate --restore-archive " + location + " --target-url ");
        assertThat(browser.find("main").getText()).doesNotContain("Something went wrong", "Try again");
        assertThat(browser.all("main .state.error")).as("no error state").isEmpty();
        assertThat(browser.all("main button")).as("no action, no retry").isEmpty();
        assertThat(browser.all("a[href$='/history']")).isEmpty();
        for (int width : new int[]{Browser.DESKTOP, Browser.PHONE}) {
            browser.width(width);
            assertThat(browser.seriousAccessibilityViolations()).as("axe at %d px", width).isEmpty();
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing wider than the window at %d px", width).isEqualTo(true);
        }
        browser.screenshot("flow-archived-375");
        browser.width(Browser.DESKTOP);
        browser.screenshot("flow-archived");

        // the audit trail's tombstone leads to the same page
        browser.click("a[href^='/audit?flowId=']");
        browser.waitForText("table.audit", "FlowArchived");
        browser.open("/audit?eventType=FlowArchived&flowId=" + flow);
        browser.waitForText("table.audit", "its events are in " + location);
        assertThat(browser.all("table.audit tbody tr")).hasSize(1);
        browser.click("table.audit a[href='/flows/" + flow + "']");
        browser.waitForText("main h1", "Archived flow");

        // the history (time travel) of an archived flow says the same
        browser.open("/flows/" + flow + "/history");
        browser.waitForText("[data-testid=archived]", "This flow was archived");

        // a viewer (no auditor) is told too, without the audit trail's link
        browser.signedIn(tenant.viewer(), "/flows/" + flow);
        browser.waitForText("[data-testid=archive-location]", location);
        assertThat(browser.all("a[href^='/audit']")).isEmpty();
        assertThat(browser.consoleErrors()).as("only the browser's line about the 410").allMatch(line -> line.contains("410"));
    }

    private static void archiveDecommissionFlows(Quickstart app, Path archive) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = MigrateCommand.run(new String[]{"--archive", archive.toString(),
                        "--target-url", app.property("spring.datasource.url"), "--target-user", app.property("spring.datasource.username"),
                        "--target-password", app.property("spring.datasource.password"), "--retain", "decommission=0"},
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("type decommission: ");
    }
}
