package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class NewFlowBrowserTest {

    @Test
    void an_operator_creates_a_flow_from_the_page_and_a_refused_field_is_shown_beside_it(Quickstart app, Browser browser,
                                                                                        QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        browser.signedIn(tenant.everyday(), "/");
        browser.click("header nav a[href='/new']");
        browser.waitForText("main h1", "New flow");
        browser.waitForText("fieldset.type-options", "wave_planning");

        browser.click("input[name=flowType][value=planning]");
        browser.type("#nf-configuration", "{\"wave_size\": ");
        browser.click("form.stacked button[type=submit]");
        browser.waitForText("#configuration-error", "not valid JSON");

        browser.type("#nf-configuration", "{\"wave_size\": 20}");
        browser.click("form.stacked button[type=submit]");
        browser.waitForText("#name-error", "name");
        assertThat(browser.find("#nf-name").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#nf-name").getDomAttribute("aria-describedby")).isEqualTo("name-error");
        browser.screenshot("new-flow-refused");

        browser.type("#nf-name", "Made in the browser");
        browser.click("form.stacked button[type=submit]");
        browser.waitForText("main h1", "Made in the browser");
        assertThat(browser.path()).startsWith("/flows/");
        String flowId = browser.path().substring("/flows/".length());
        JsonNode flow = api.get("/api/v1/flows/" + flowId, tenant.everyday()).body();
        assertThat(flow.path("flowType").asText()).isEqualTo("planning");
        assertThat(flow.path("engagementId").asText()).isEqualTo(tenant.engagement().toString());
        assertThat(api.get("/api/v1/flows/" + flowId + "/history", tenant.everyday()).body()
                .path("events").get(0).path("payload").path("configuration").path("wave_size").asInt()).isEqualTo(20);
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("400"));
    }
}
