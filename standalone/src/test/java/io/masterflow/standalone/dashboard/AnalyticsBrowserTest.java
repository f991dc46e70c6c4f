package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class AnalyticsBrowserTest {

    @Test
    void the_charts_render_with_the_totals_of_the_tenants_flows_and_the_same_figures_in_tables(Quickstart app, Browser browser,
                                                                                            QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String token = tenant.everyday();
        String completed = api.createFlow(token, tenant.engagement(), "planning", "Done");
        for (int phase = 0; phase < 3; phase++) {
            api.runNextPhase(token, completed);
        }
        String failed = api.createFlow(token, tenant.engagement(), "planning", "Broken");
        JsonNode started = api.execute(token, failed);
        api.post("/api/v1/flows/" + failed + "/phases/" + started.path("phase").asText() + "/fail", token,
                Map.of("attempt", 1, "error", "solver crashed", "retryable", false));
        api.createFlow(token, tenant.engagement(), "finops", "Waiting");
        browser.until(driver -> {
            JsonNode flows = api.get("/api/v1/analytics", token).body().path("flows");
            return flows.path("created").asInt() == 3 && flows.path("completed").asInt() == 1 && flows.path("failed").asInt() == 1
                    && flows.path("byStatus").path("CREATED").asInt() == 1;
        });

        browser.signedIn(tenant.viewer(), "/analytics");
        browser.waitForText("[data-figure='Flows created']", "3");
        assertThat(browser.find("[data-figure=Completed]").getText()).isEqualTo("1");
        assertThat(browser.find("[data-figure=Failed]").getText()).isEqualTo("1");
        assertThat(browser.find("[data-testid=totals]").getText()).contains("33.3 % of the flows created");

        @SuppressWarnings("unchecked")
        List<Number> bars = (List<Number>) browser.script(
                "return document.querySelector('mf-chart[data-chart=status]').chart.data.datasets[0].data");
        assertThat(bars).extracting(Number::intValue).containsExactly(1, 0, 0, 0, 1, 1, 0);
        assertThat(browser.find("table[data-table=status] tfoot").getText()).contains("3");
        assertThat(browser.script("const c = document.querySelector('mf-chart[data-chart=status] canvas');"
                + " return c.width > 0 && c.height > 0")).isEqualTo(true);
        assertThat(browser.find("table[data-table=phases]").getText()).contains("wave_planning", "timeline_optimization");
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("analytics-1280");
        browser.width(Browser.PHONE);
        browser.screenshot("analytics-375");
        browser.width(Browser.DESKTOP);

        browser.open("/analytics?flowType=finops");
        browser.waitForText("[data-figure='Flows created']", "1");
    }
}
