package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class FlowDetailBrowserTest {

    @Test
    void an_operator_drives_a_flow_from_its_page_and_the_timeline_follows(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Driven from the page");
        api.awaitVersion(tenant.everyday(), flow, 0);

        browser.signedIn(tenant.everyday(), "/flows/" + flow);
        browser.waitForText("h1", "Driven from the page");
        assertThat(browser.find("dl.facts").getText()).contains("planning", "version 1 (pinned)", "alice");

        browser.click("[data-action=execute]");
        browser.waitForText("tr[data-phase=wave_planning]", "running");
        browser.waitForText("[data-testid=status]", "RUNNING");
        browser.click("[data-action=complete]");
        browser.waitForText("tr[data-phase=wave_planning]", "completed");
        browser.waitForText("[data-testid=status]", "WAITING");
        browser.waitForText("tr[data-phase=wave_planning]", "alice");

        browser.click("[data-action=pause]");
        browser.type("#action-input", "client review");
        browser.click("form.inline-form button[type=submit]");
        browser.waitForText("[data-testid=status]", "PAUSED");
        assertThat(api.get("/api/v1/flows/" + flow, tenant.everyday()).body().path("status").asText()).isEqualTo("PAUSED");
        browser.waitForText("[data-action=resume]", "Resume");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("flow-1280");
        browser.width(Browser.PHONE);
        browser.screenshot("flow-375");
        browser.width(Browser.DESKTOP);
    }

    @Test
    void an_operator_rewinds_a_flow_to_a_phase_it_reached_and_the_timeline_shows_it_pending_again(
            Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Rewound from the page");
        api.runNextPhase(tenant.everyday(), flow);
        api.awaitVersion(tenant.everyday(), flow, 2);
        browser.signedIn(tenant.everyday(), "/flows/" + flow);
        browser.waitForText("tr[data-phase=wave_planning]", "completed");

        browser.click("[data-action=rewind]");
        assertThat(browser.all("#rewind-phase option")).extracting(option -> option.getText()).containsExactly("wave_planning");
        browser.type("#action-input", "the waves were wrong");
        browser.click("form.inline-form button[type=submit]");

        browser.waitForText("[data-testid=status]", "CREATED");
        browser.waitForText("tr[data-phase=wave_planning]", "pending");
        assertThat(api.get("/api/v1/flows/" + flow, tenant.everyday()).body().path("phases").path(0).path("state").asText())
                .isEqualTo("pending");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void an_operator_changes_the_configuration_with_a_merge_patch_and_a_patch_that_is_no_json_is_refused_beside_the_field(
            Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Configured from the page");
        api.awaitVersion(tenant.everyday(), flow, 0);
        browser.signedIn(tenant.everyday(), "/flows/" + flow);
        browser.waitForText("[data-testid=configuration]", "{}");

        browser.click("[data-action=configure]");
        browser.type("#action-input", "{\"wave_size\": ");
        browser.click("form.inline-form button[type=submit]");
        browser.waitForText("#action-input-error", "not valid JSON");

        browser.find("#action-input").clear();
        browser.type("#action-input", "{\"wave_size\": 25}");
        browser.click("form.inline-form button[type=submit]");
        browser.waitForText("[data-testid=configuration]", "\"wave_size\": 25");
        assertThat(api.get("/api/v1/flows/" + flow, tenant.everyday()).body().path("configuration").path("wave_size").asInt())
                .isEqualTo(25);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pausing_with_a_stale_version_shows_the_conflict_and_the_page_catches_up(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Moved on meanwhile");
        api.awaitVersion(tenant.everyday(), flow, 0);
        browser.signedIn(tenant.everyday(), "/flows/" + flow);
        browser.waitForText("[data-testid=version]", "0");
        browser.click("label.check input[type=checkbox]");
        browser.waitForText("[data-testid=live]", "Live updates off");

        api.execute(tenant.everyday(), flow);
        api.awaitVersion(tenant.everyday(), flow, 1);
        assertThat(browser.find("[data-testid=version]").getText()).isEqualTo("0");

        browser.click("[data-action=pause]");
        browser.type("#action-input", "too late");
        browser.click("form.inline-form button[type=submit]");
        browser.waitForText("[data-testid=action-error]", "409");
        assertThat(browser.find("[data-testid=action-error]").getText()).contains("is at version 1, not the expected 0");
        browser.waitForText("[data-testid=version]", "1");
        browser.waitForText("[data-testid=action-error]", "now shows version 1");
        assertThat(api.get("/api/v1/flows/" + flow, tenant.everyday()).body().path("status").asText()).isEqualTo("RUNNING");
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("409"));
        browser.screenshot("flow-stale-version");
    }

    @Test
    void a_flow_of_another_tenant_reads_as_not_found_like_one_that_does_not_exist_and_a_viewer_gets_no_actions(
            Quickstart app, Browser browser, QuickstartApi api) {
        Tenants owner = Tenants.fresh(app);
        String flow = api.createFlow(owner.everyday(), owner.engagement(), "planning", "Not yours");
        api.awaitVersion(owner.everyday(), flow, 0);

        Tenants stranger = Tenants.fresh(app);
        browser.signedIn(stranger.everyday(), "/flows/" + flow);
        browser.waitForText("main h1", "Not found");
        String foreign = browser.find("main").getText();
        assertThat(foreign).doesNotContain("Not yours");
        browser.screenshot("flow-not-found");

        String missing = UUID.randomUUID().toString();
        browser.open("/flows/" + missing);
        browser.waitForText("main h1", "Not found");
        assertThat(browser.find("main").getText().replace(missing, flow)).isEqualTo(foreign);

        browser.signedIn(owner.viewer(), "/flows/" + flow);
        browser.waitForText("h1", "Not yours");
        assertThat(browser.all("[data-action]")).isEmpty();
        assertThat(browser.all("a[href$='/history']")).as("history is for auditors").isEmpty();
    }
}
