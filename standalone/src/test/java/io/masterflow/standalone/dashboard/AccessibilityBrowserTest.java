package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core scans every view, with data on it, at desktop and phone width: no serious or critical violation, no
 * console error, and no part of the page wider than the phone's screen.
 */
@Dashboard
class AccessibilityBrowserTest {

    @Test
    void every_view_passes_axe_core_without_serious_or_critical_violations_at_1280_and_375_pixels(Quickstart app, Browser browser,
                                                                                                 QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Accessible waves");
        api.runNextPhase(tenant.everyday(), flow);
        api.execute(tenant.everyday(), flow);
        api.createFlow(tenant.everyday(), tenant.engagement(), "discovery", "Estate");
        api.awaitVersion(tenant.everyday(), flow, 3);
        String everything = app.token("root", tenant.account(), List.of(tenant.engagement().toString()),
                List.of("flow-operator", "flow-viewer", "auditor", "worker", "admin"));

        Map<String, String> views = new LinkedHashMap<>();
        views.put("/", "table.flows");
        views.put("/flows/" + flow, "table.timeline");
        views.put("/flows/" + flow + "/history?version=2", "[data-testid=time-travel]");
        views.put("/new", "fieldset.type-options");
        views.put("/analytics", "mf-chart canvas");
        views.put("/audit", "table.audit");
        views.put("/agents", "main h1");
        views.put("/operations", "main h2");
        views.put("/webhooks", "#new-webhook-title");

        browser.signedIn(everything, "/");
        for (int width : new int[]{Browser.DESKTOP, Browser.PHONE}) {
            browser.width(width);
            for (Map.Entry<String, String> view : views.entrySet()) {
                browser.open(view.getKey());
                browser.find(view.getValue());
                browser.waitUntilGone(".loading");
                assertThat(browser.seriousAccessibilityViolations()).as("axe on %s at %d px", view.getKey(), width).isEmpty();
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("nothing wider than the window on %s at %d px", view.getKey(), width).isEqualTo(true);
                assertThat(browser.consoleErrors()).as("console on %s at %d px", view.getKey(), width).isEmpty();
            }
        }
        browser.width(Browser.DESKTOP);

        browser.signedOut("/");
        browser.find("#token");
        assertThat(browser.seriousAccessibilityViolations()).as("axe on the sign-in page").isEmpty();
        browser.screenshot("sign-in");
    }

    @Test
    void the_views_work_from_the_keyboard_with_a_visible_focus(Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Keyboard waves");
        browser.signedIn(tenant.everyday(), "/");
        browser.waitForText("table.flows", "Keyboard waves");

        browser.script("document.activeElement.blur(); document.body.focus()");
        browser.find("body").sendKeys(org.openqa.selenium.Keys.TAB);
        assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Skip to content");
        assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");
        browser.script("document.querySelector('a[href^=\"/flows/\"]').focus()");
        browser.find("a[href^='/flows/']").sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.waitForText("main h1", "Keyboard waves");
        assertThat(browser.script("return document.activeElement.id")).as("a new view takes the focus to its content").isEqualTo("main");
    }
}
