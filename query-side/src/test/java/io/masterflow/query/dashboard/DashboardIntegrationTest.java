package io.masterflow.query.dashboard;

import io.masterflow.testsupport.Api;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardIntegrationTest extends IntegrationTest {

    @Test
    void every_views_address_serves_the_page_without_a_token_under_a_policy_of_this_origin_only() throws Exception {
        Api anonymous = api(null);
        for (String view : new String[]{"/", "/flows", "/flows/123e4567-e89b-12d3-a456-426614174000",
                "/flows/123e4567-e89b-12d3-a456-426614174000/history", "/new", "/analytics", "/audit", "/agents", "/operations"}) {
            Api.Response page = anonymous.get(view);
            assertThat(page.status()).as(view).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.text()).contains("<mf-app>", "/dashboard/main.js");
        }

        Api.Response page = anonymous.get("/");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        Matcher importMap = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(page.text());
        assertThat(importMap.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(policy).as("the import map is the one inline script allowed").contains("script-src 'self' 'sha256-" + hash + "'");
        assertThat(page.text()).as("nothing from another origin").doesNotContain("http://", "https://");
    }

    @Test
    void the_scripts_and_libraries_load_without_a_token_but_the_api_still_needs_one() {
        Api anonymous = api(null);
        assertThat(anonymous.get("/dashboard/main.js").status()).isEqualTo(200);
        assertThat(anonymous.get("/dashboard/dashboard.css").status()).isEqualTo(200);
        Api.Response lit = anonymous.get("/webjars/lit/index.js");
        assertThat(lit.status()).isEqualTo(200);
        Api.Response favicon = anonymous.get("/favicon.ico");
        assertThat(favicon.status()).as("a browser's own request for the icon is no error").isEqualTo(301);
        assertThat(favicon.header("Location")).isEqualTo("/dashboard/favicon.svg");
        assertThat(lit.contentType()).contains("javascript");
        assertThat(anonymous.get("/webjars/chart.js/dist/chart.js").status()).isEqualTo(200);

        for (String path : new String[]{"/api/v1/flows", "/api/v1/stream", "/api/v1/audit", "/api/v1/analytics",
                "/api/v1/admin/projections", "/anything-else"}) {
            Api.Response refused = anonymous.get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.contentType()).as(path).contains("application/problem+json");
        }
        assertThat(api(Tokens.viewer(Tenant.fresh())).get("/api/v1/flows").status()).isEqualTo(200);
    }
}
