package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class FlowListBrowserTest {

    @Test
    void a_tenant_sees_its_own_flows_and_a_token_of_another_account_sees_none_of_them(Quickstart app, Browser browser,
                                                                                     QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String first = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Q3 waves");
        api.createFlow(tenant.everyday(), tenant.engagement(), "assessment", "Estate assessment");
        api.awaitVersion(tenant.everyday(), first, 0);

        browser.signedIn(tenant.viewer(), "/");
        browser.waitForText("table.flows", "Estate assessment");
        assertThat(browser.all("table.flows tbody tr")).hasSize(2);
        assertThat(browser.find("tr[data-flow-id='" + first + "']").getText()).contains("Q3 waves", "planning", "CREATED", "wave_planning", "0/3");
        browser.screenshot("flows-1280");
        browser.width(Browser.PHONE);
        browser.screenshot("flows-375");
        browser.width(Browser.DESKTOP);

        Tenants other = Tenants.fresh(app);
        browser.signedIn(other.viewer(), "/");
        browser.waitForText("main", "No flows yet.");
        assertThat(browser.all("table.flows")).isEmpty();
        browser.screenshot("flows-empty");
    }

    @Test
    void the_progress_bar_moves_as_phases_complete_through_the_api_without_a_reload(Quickstart app, Browser browser,
                                                                                   QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Live waves");
        api.awaitVersion(tenant.everyday(), flow, 0);
        browser.signedIn(tenant.viewer(), "/");
        String row = "tr[data-flow-id='" + flow + "']";
        browser.waitForText(row, "0/3");
        browser.waitForText("[data-testid=live]", "Live");
        browser.script("window.sameDocument = true");

        for (int finished = 1; finished <= 3; finished++) {
            api.runNextPhase(tenant.everyday(), flow);
            browser.waitForText(row + " .progress-text", finished + "/3");
        }
        browser.waitForText(row + " .status", "COMPLETED");
        assertThat(browser.find(row + " progress").getDomProperty("value")).isEqualTo("3");
        assertThat(browser.script("return window.sameDocument === true")).as("no reload").isEqualTo(true);
        browser.screenshot("flows-live-completed");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void filters_live_in_the_address_so_a_reload_or_a_shared_link_shows_the_same_flows(Quickstart app, Browser browser,
                                                                                      QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String running = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Wave alpha");
        api.execute(tenant.everyday(), running);
        api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Wave beta");
        String other = api.createFlow(tenant.everyday(), tenant.engagement(), "finops", "Budget");
        api.awaitVersion(tenant.everyday(), running, 1);
        api.awaitVersion(tenant.everyday(), other, 0);

        browser.signedIn(tenant.viewer(), "/");
        browser.waitForText("table.flows", "Budget");
        browser.type("#f-q", "wave");
        browser.click("input[name=status][value=RUNNING]");
        browser.click("form.filters button[type=submit]");
        browser.until(driver -> browser.all("table.flows tbody tr").size() == 1);
        assertThat(browser.find("table.flows tbody").getText()).contains("Wave alpha").doesNotContain("Wave beta", "Budget");
        assertThat(browser.path()).contains("q=wave").contains("status=RUNNING");

        browser.open(browser.path());
        browser.waitForText("table.flows", "Wave alpha");
        assertThat(browser.all("table.flows tbody tr")).hasSize(1);
        assertThat(browser.find("#f-q").getDomProperty("value")).isEqualTo("wave");
        assertThat(browser.find("input[name=status][value=RUNNING]").isSelected()).isTrue();

        browser.open("/?q=nothing-like-this");
        browser.waitForText("main", "No flow matches these filters.");
        assertThat(List.of(browser.consoleErrors())).containsExactly(List.of());
    }
}
