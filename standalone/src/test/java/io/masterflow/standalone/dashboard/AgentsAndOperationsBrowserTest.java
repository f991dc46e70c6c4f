package io.masterflow.standalone.dashboard;

import io.masterflow.testsupport.Api;
import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class AgentsAndOperationsBrowserTest {

    @Test
    void the_agents_view_shows_a_worker_with_its_health_and_the_task_it_holds(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Worked on");
        api.execute(tenant.everyday(), flow);
        String worker = app.token("robot", tenant.account(), List.of("*"), List.of("worker"));
        Api.Response claimed = api.send("POST", "/api/v1/tasks/claim", worker,
                Map.of("flowTypes", List.of("planning"), "waitSeconds", 5), Map.of("X-Worker-Id", "agent-1"));
        assertThat(claimed.status()).as(claimed.text()).isEqualTo(200);
        assertThat(claimed.body().path("tasks")).hasSize(1);

        browser.signedIn(tenant.viewer(), "/agents");
        browser.waitForText("table.agents", "robot/agent-1");
        assertThat(browser.find("tr[data-worker='robot/agent-1']").getText()).contains("HEALTHY", "wave_planning #1");
        browser.screenshot("agents");

        browser.open("/flows/" + flow);
        browser.waitForText("main", "Workers");
        browser.waitForText("main", "robot/agent-1");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void operations_are_offered_to_admins_and_the_platform_operator_only_and_a_rebuild_runs_from_the_page(Quickstart app,
                                                                                                      Browser browser) {
        Tenants tenant = Tenants.fresh(app);
        browser.signedIn(tenant.viewer(), "/");
        browser.waitForText("main h1", "Flows");
        assertThat(browser.all("header nav a")).extracting(link -> link.getText()).doesNotContain("Operations");
        browser.open("/operations");
        browser.waitForText("main h1", "Not available");
        assertThat(browser.find("main").getText()).contains("admin");

        browser.signedIn(tenant.admin(), "/");
        browser.click("header nav a[href='/operations']");
        browser.waitForText("main", "No dead letters in this account");
        assertThat(browser.all("table.projections")).as("the projections are every tenant's: not an account admin's").isEmpty();

        browser.signedIn(app.platformOperatorToken(), "/operations");
        browser.waitForText("table.projections", "flow-status");
        assertThat(browser.find("header").getText()).contains("none: the platform's operator");
        browser.click("tr[data-projection=assets] button");
        browser.waitForText("[data-testid=operation-outcome]", "Rebuild assets");
        browser.waitForText("tr[data-projection=assets]", "completed");
        browser.waitForText("tr[data-projection=assets]", "100 % replayed");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("operations");
    }
}
