package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class BatchBrowserTest {

    @Test
    void an_operator_counts_then_pauses_every_flow_the_lists_filters_select(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        List<String> flows = List.of(api.createFlow(tenant.everyday(), tenant.engagement(), "finops", "Budget east"),
                api.createFlow(tenant.everyday(), tenant.engagement(), "finops", "Budget west"));
        api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Not selected");
        flows.forEach(flow -> api.awaitVersion(tenant.everyday(), flow, 0));

        browser.signedIn(tenant.everyday(), "/?flowType=finops");
        browser.until(driver -> browser.all("table.flows tbody tr").size() == 2);
        browser.click("details.batch summary");
        browser.click("[data-batch=count]");
        browser.waitForText("[data-testid=batch-count]", "It would act on 2 flows");

        browser.type("#batch-reason", "month-end freeze");
        browser.click("[data-batch=start]");
        browser.waitForText("[data-testid=batch-progress]", "completed");
        assertThat(browser.find("[data-testid=batch-progress]").getText()).contains("2 done", "of 2");
        browser.until(driver -> browser.all("table.flows tbody tr").stream().allMatch(row -> row.getText().contains("PAUSED")));
        assertThat(flows).allSatisfy(flow -> assertThat(api.get("/api/v1/flows/" + flow, tenant.everyday()).body().path("status")
                .asText()).isEqualTo("PAUSED"));
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("batch");
    }

    @Test
    void a_viewer_is_not_offered_batches(Quickstart app, Browser browser) {
        Tenants tenant = Tenants.fresh(app);
        browser.signedIn(tenant.viewer(), "/");
        browser.waitForText("main h1", "Flows");
        assertThat(browser.all("details.batch")).isEmpty();
    }
}
