package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@Dashboard
class SignInBrowserTest {

    @Test
    void the_banners_link_signs_in_keeps_the_token_in_the_tab_only_and_shows_who_is_signed_in(Quickstart app, Browser browser) {
        String token = app.demoToken();
        browser.signedIn(token, "/");

        browser.waitForText("[data-testid=user]", "demo");
        assertThat(browser.path()).as("the token left the address").isEqualTo("/");
        assertThat(browser.script("return sessionStorage.getItem('masterflow.token')")).isEqualTo(token);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        String header = browser.find("header.top").getText();
        assertThat(header).contains(Quickstart.DEMO_ACCOUNT.toString(), Quickstart.DEMO_ENGAGEMENT.toString().substring(0, 8),
                "flow-operator, flow-viewer, auditor, worker");
        assertThat(browser.all("header nav a")).extracting(link -> link.getText())
                .containsExactly("Flows", "New flow", "Analytics", "Audit trail", "Agents");
        assertThat(browser.consoleErrors()).isEmpty();

        browser.click("header .who button");
        browser.find("mf-sign-in textarea#token");
        assertThat(browser.script("return sessionStorage.getItem('masterflow.token')")).isNull();
    }

    @Test
    void a_pasted_token_signs_in_and_a_malformed_expired_or_refused_one_returns_to_sign_in_with_the_reason(
            Quickstart app, Browser browser) {
        Tenants tenant = Tenants.fresh(app);
        browser.signedOut("/");

        browser.type("#token", "not-a-token").click("mf-sign-in button[type=submit]");
        browser.waitForText("#sign-in-reason", "three parts");

        browser.type("#token", app.token("old", tenant.account(), List.of("*"), List.of("flow-viewer"), Duration.ofSeconds(-60)))
                .click("mf-sign-in button[type=submit]");
        browser.waitForText("#sign-in-reason", "expired");
        browser.screenshot("sign-in-expired");

        String foreign = new io.masterflow.security.TokenIssuer("another-secret-that-is-at-least-32-bytes-long")
                .issue("mallory", UUID.randomUUID(), List.of("*"), List.of("flow-viewer"), Duration.ofHours(1));
        browser.type("#token", foreign).click("mf-sign-in button[type=submit]");
        browser.waitForText("#sign-in-reason", "the bearer token was refused");
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("401"));

        browser.type("#token", "Bearer " + tenant.viewer()).click("mf-sign-in button[type=submit]");
        browser.waitForText("[data-testid=user]", "victor");
        browser.waitForText("main", "No flows yet.");
        assertThat(browser.all("header nav a")).extracting(link -> link.getText()).containsExactly("Flows", "Analytics", "Agents");
    }
}
