package io.masterflow.standalone.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhooks view against the real quickstart: an admin creates a webhook to a receiver on loopback from the page, a
 * flow's event reaches the receiver signed with the secret the page showed once, the delivery shows as delivered, and
 * the webhook is disabled, enabled and deleted from the page as the API then tells.
 */
@Dashboard
class WebhooksBrowserTest {

    @Test
    void an_admin_creates_a_webhook_sees_its_delivery_arrive_and_disables_it_from_the_page(Quickstart app, Browser browser,
                                                                                         QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        try (LoopbackReceiver receiver = LoopbackReceiver.start()) {
            browser.signedIn(tenant.admin(), "/");
            browser.click("header nav a[href='/webhooks']");
            browser.waitForText("main", "The account has no webhook");

            // the API's refusal is shown beside the field it names
            browser.type("#wh-url", receiver.url());
            browser.click("[data-action=generate-secret]");
            browser.click("form[aria-label='New webhook'] button[type=submit]");
            browser.waitForText("#wh-events-error", "'events' must name at least one event type");
            assertThat(browser.all("tr[data-webhook]")).as("nothing was created").isEmpty();

            browser.click("input[name=events][value=FlowCreated]");
            String secret = browser.find("#wh-secret").getAttribute("value");
            assertThat(secret).hasSizeGreaterThanOrEqualTo(16);
            browser.click("form[aria-label='New webhook'] button[type=submit]");
            browser.waitForText("[data-testid=webhook-outcome]", "created");
            assertThat(browser.find("[data-testid=webhook-secret]").getText()).as("the secret, shown once").isEqualTo(secret);
            browser.waitForText("tr[data-webhook]", receiver.url());
            String webhook = browser.find("tr[data-webhook]").getAttribute("data-webhook");
            assertThat(browser.find("tr[data-webhook]").getAttribute("data-state")).isEqualTo("ACTIVE");
            assertThat(browser.find("#wh-secret").getAttribute("value")).as("the form emptied itself").isEmpty();
            JsonNode created = api.get("/api/v1/webhooks/" + webhook, tenant.admin()).body();
            assertThat(created.path("url").asText()).isEqualTo(receiver.url());
            assertThat(created.path("events")).extracting(JsonNode::asText).containsExactly("FlowCreated");

            String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Announced");
            List<LoopbackReceiver.Request> arrived = browser.until(driver -> {
                List<LoopbackReceiver.Request> accepted = receiver.accepted(flow, "FlowCreated");
                return accepted.isEmpty() ? null : accepted;
            });
            assertThat(arrived).hasSize(1);
            assertThat(arrived.get(0).signedWith(secret)).as("signed with the secret the page showed").isTrue();
            assertThat(arrived.get(0).body().path("webhookId").asText()).isEqualTo(webhook);

            browser.click("tr[data-webhook='" + webhook + "'] [data-action=deliveries]");
            browser.waitForText("main h1", "Deliveries");
            String row = "tr[data-flow='" + flow + "']";
            browser.find(row + "[data-state=DELIVERED]");
            assertThat(browser.find(row).getText()).contains("FlowCreated", "delivered", "200");
            assertThat(browser.find(row + " td[data-label=Attempts]").getText()).isEqualTo("1");
            for (int width : new int[]{Browser.DESKTOP, Browser.PHONE}) {
                browser.width(width);
                assertThat(browser.seriousAccessibilityViolations()).as("axe on the deliveries at %d px", width).isEmpty();
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("nothing wider than the window at %d px", width).isEqualTo(true);
            }
            browser.width(Browser.DESKTOP);
            browser.screenshot("webhook-deliveries");

            browser.click("[data-action=disable]");
            browser.waitForText("[data-testid=webhook-outcome]", "Disabled.");
            browser.waitForText("[data-testid=webhook-state]", "disabled");
            assertThat(browser.find("[data-testid=disabled-reason]").getText()).isEqualTo("disabled by ada");
            JsonNode disabled = api.get("/api/v1/webhooks/" + webhook, tenant.admin()).body();
            assertThat(disabled.path("state").asText()).isEqualTo("DISABLED");
            assertThat(disabled.path("disabledReason").asText()).isEqualTo("disabled by ada");

            browser.click("a[href='/webhooks']");
            browser.waitForText("tr[data-webhook='" + webhook + "']", "disabled by ada");
            for (int width : new int[]{Browser.DESKTOP, Browser.PHONE}) {
                browser.width(width);
                assertThat(browser.seriousAccessibilityViolations()).as("axe on the webhooks at %d px", width).isEmpty();
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("nothing wider than the window at %d px", width).isEqualTo(true);
            }
            browser.width(Browser.DESKTOP);
            browser.screenshot("webhooks");

            browser.click("tr[data-webhook='" + webhook + "'] [data-action=enable]");
            browser.find("tr[data-webhook='" + webhook + "'][data-state=ACTIVE]");
            assertThat(api.get("/api/v1/webhooks/" + webhook, tenant.admin()).body().path("state").asText()).isEqualTo("ACTIVE");

            browser.click("tr[data-webhook='" + webhook + "'] [data-action=delete]");
            browser.click("tr[data-webhook='" + webhook + "'] [data-confirm=delete]");
            browser.waitForText("main", "The account has no webhook");
            assertThat(api.get("/api/v1/webhooks/" + webhook, tenant.admin()).status()).isEqualTo(404);
            assertThat(browser.consoleErrors()).as("only the refusal the test provoked").allMatch(line -> line.contains("400"));
        }
    }

    @Test
    void a_refusal_shows_the_apis_detail_and_the_view_is_for_admins_only(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        JsonNode webhook = api.post("/api/v1/webhooks", tenant.admin(), java.util.Map.of("url", "http://127.0.0.1:9/hook",
                "events", List.of("FlowCompleted"), "secret", "a-receivers-shared-secret-0123456789"));
        String id = webhook.path("webhookId").asText();
        String row = "tr[data-webhook='" + id + "']";
        browser.signedIn(tenant.admin(), "/webhooks");
        browser.find(row + "[data-state=ACTIVE] [data-action=disable]");
        // another admin disables it meanwhile: the page's click is refused, with the API's detail, and the list catches up
        api.post("/api/v1/webhooks/" + id + "/disable", tenant.admin(), null);
        browser.click(row + " [data-action=disable]");
        browser.waitForText("[data-testid=webhook-outcome]", "Disabling the webhook to http://127.0.0.1:9/hook was refused (409): "
                + "webhook " + id + " is DISABLED, not active: nothing is sent to it already");
        browser.find(row + "[data-state=DISABLED] [data-action=enable]");
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("409"));

        browser.signedIn(tenant.everyday(), "/");
        browser.waitForText("main h1", "Flows");
        assertThat(browser.all("header nav a")).extracting(link -> link.getText()).doesNotContain("Webhooks");
        browser.open("/webhooks");
        browser.waitForText("main h1", "Not available");
        assertThat(browser.find("main").getText()).contains("admin");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
