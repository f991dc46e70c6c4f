package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live stream holds one of the six HTTP/1.1 connections a browser opens to the server. A page nobody sees must give
 * its connection back, or the page in front waits for one on each of its API calls: for a minute behind pages kept in
 * the back/forward cache (Chromium lets their requests run that long), for good behind tabs in the background.
 */
@Dashboard
class LiveStreamBrowserTest {

    /** More pages, each with a stream while it is shown, than the browser has connections to one host. */
    private static final int PAGES = 8;

    @Test
    void pages_left_for_others_give_their_connection_back_and_one_brought_back_resumes_where_it_stood(
            Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Cached waves");
        api.awaitVersion(tenant.everyday(), flow, 0);
        String row = "tr[data-flow-id='" + flow + "']";

        browser.signedIn(tenant.viewer(), "/");
        listedLive(browser, row, "page 1");
        for (int page = 2; page <= PAGES; page++) {
            // a new document each time, as an address typed or a bookmark opens; the page left goes to the cache
            browser.open("/?limit=" + (page % 2 == 0 ? 20 : 50));
            listedLive(browser, row, "page " + page);
        }

        browser.script("window.keptInCache = true");
        browser.open("/?limit=100");
        listedLive(browser, row, "page " + (PAGES + 1));
        api.execute(tenant.everyday(), flow);
        api.awaitVersion(tenant.everyday(), flow, 1);
        browser.back();
        assertThat(browser.script("return window.keptInCache === true"))
                .as("Back shows the page kept in the back/forward cache, not a new one").isEqualTo(true);
        browser.waitForText(row + " .status", "RUNNING");
        browser.waitForText("[data-testid=live]", "Live");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void tabs_in_the_background_give_their_connection_back_and_one_brought_to_the_front_resumes_where_it_stood(
            Quickstart app, Browser browser, QuickstartApi api) {
        Tenants tenant = Tenants.fresh(app);
        String flow = api.createFlow(tenant.everyday(), tenant.engagement(), "planning", "Tabbed waves");
        api.awaitVersion(tenant.everyday(), flow, 0);
        String row = "tr[data-flow-id='" + flow + "']";

        browser.signedIn(tenant.viewer(), "/");
        listedLive(browser, row, "tab 1");
        String first = browser.tab();
        try {
            for (int tab = 2; tab <= PAGES; tab++) {
                browser.newTab().signedIn(tenant.viewer(), "/");
                listedLive(browser, row, "tab " + tab);
            }
            api.execute(tenant.everyday(), flow);
            api.awaitVersion(tenant.everyday(), flow, 1);
            browser.switchTo(first);
            browser.waitForText(row + " .status", "RUNNING");
            browser.waitForText("[data-testid=live]", "Live");
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            browser.closeTabsBut(first);
        }
    }

    /** The list's first page and its live stream, each of which needs a connection, within the browser's wait. */
    private static void listedLive(Browser browser, String row, String which) {
        try {
            browser.find(row);
            browser.waitForText("[data-testid=live]", "Live");
        } catch (TimeoutException e) {
            throw new AssertionError(which + " is not listed and live: its requests wait for a connection"
                    + " while pages not shown hold theirs", e);
        }
    }
}
