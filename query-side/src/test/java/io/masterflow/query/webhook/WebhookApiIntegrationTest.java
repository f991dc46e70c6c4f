package io.masterflow.query.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.query.support.Api;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook API through HTTP and the real security chain: what it keeps, what it refuses, and whom it answers. */
class WebhookApiIntegrationTest extends IntegrationTest {

    private static final String SECRET = "a-receivers-shared-secret-0123456789";

    @Test
    void an_admin_creates_reads_lists_and_deletes_a_webhook_whose_secret_is_never_shown_again() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));

        Api.Response created = admin.post("/api/v1/webhooks", """
                {"url": "http://127.0.0.1:9/hooks/masterflow", "events": ["flowcompleted", "FlowFailed", "FlowCompleted"],
                 "secret": "%s"}""".formatted(SECRET));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.text("webhookId");
        assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
        assertThat(created.text("url")).isEqualTo("http://127.0.0.1:9/hooks/masterflow");
        assertThat(created.body().path("events")).extracting(JsonNode::asText).containsExactly("FlowCompleted", "FlowFailed");
        assertThat(created.body().path("engagements").isNull()).as("every engagement, as the token grants").isTrue();
        assertThat(created.text("state")).isEqualTo("ACTIVE");
        assertThat(created.text("createdBy")).isEqualTo("user-admin");

        Api.Response one = admin.get("/api/v1/webhooks/" + id);
        Api.Response list = admin.get("/api/v1/webhooks");
        assertThat(one.status()).isEqualTo(200);
        assertThat(list.body().path("items")).extracting(item -> item.path("webhookId").asText()).containsExactly(id);
        for (Api.Response answer : List.of(created, one, list)) {
            assertThat(answer.text()).doesNotContain(SECRET).doesNotContain("secret");
        }

        assertThat(admin.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/webhooks").body().path("items")).isEmpty();
    }

    @Test
    void a_request_the_api_cannot_take_is_a_problem_naming_the_field() {
        Api admin = api(Tokens.admin(Tenant.fresh()));
        String url = "\"url\": \"http://127.0.0.1:9/hook\"";
        String events = "\"events\": [\"FlowCompleted\"]";
        String secret = "\"secret\": \"" + SECRET + "\"";

        assertRefused(admin, "{" + events + ", " + secret + "}", "url");
        assertRefused(admin, "{\"url\": \"ftp://example.com/hook\", " + events + ", " + secret + "}", "url");
        assertRefused(admin, "{\"url\": \"http://user:password@example.com/hook\", " + events + ", " + secret + "}", "url");
        assertRefused(admin, "{\"url\": \"not a url\", " + events + ", " + secret + "}", "url");
        assertRefused(admin, "{" + url + ", " + secret + "}", "events");
        assertRefused(admin, "{" + url + ", \"events\": [], " + secret + "}", "events");
        assertRefused(admin, "{" + url + ", \"events\": [\"FlowCompleted\", \"FlowExploded\"], " + secret + "}", "events[1]");
        assertRefused(admin, "{" + url + ", \"events\": \"FlowCompleted\", " + secret + "}", "events");
        assertRefused(admin, "{" + url + ", " + events + ", \"engagements\": [], " + secret + "}", "engagements");
        assertRefused(admin, "{" + url + ", " + events + ", \"engagements\": [\"not-a-uuid\"], " + secret + "}", "engagements[0]");
        assertRefused(admin, "{" + url + ", " + events + "}", "secret");
        assertRefused(admin, "{" + url + ", " + events + ", \"secret\": \"too short\"}", "secret");

        Api.Response badState = admin.get("/api/v1/webhooks/" + created(admin) + "/deliveries?state=lost");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.text("field")).isEqualTo("state");
        Api.Response badCursor = admin.get("/api/v1/webhooks/" + created(admin) + "/deliveries?cursor=made-up");
        assertThat(badCursor.text("field")).isEqualTo("cursor");
    }

    @Test
    void webhooks_are_for_admins_only() {
        Tenant tenant = Tenant.fresh();
        String body = "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"FlowCompleted\"], \"secret\": \"" + SECRET + "\"}";
        for (String role : List.of(Roles.FLOW_VIEWER, Roles.FLOW_OPERATOR, Roles.AUDITOR, Roles.WORKER)) {
            Api notAdmin = api(Tokens.token(tenant.account(), List.of("*"), role));
            assertThat(notAdmin.post("/api/v1/webhooks", body).status()).as(role).isEqualTo(403);
            assertThat(notAdmin.get("/api/v1/webhooks").status()).as(role).isEqualTo(403);
        }
        assertThat(api(null).get("/api/v1/webhooks").status()).isEqualTo(401);
    }

    @Test
    void another_accounts_admin_can_neither_see_nor_delete_a_webhook_nor_list_its_deliveries() {
        Api owner = api(Tokens.admin(Tenant.fresh()));
        Api stranger = api(Tokens.admin(Tenant.fresh()));
        String id = created(owner);

        Api.Response seen = stranger.get("/api/v1/webhooks/" + id);
        assertThat(seen.status()).isEqualTo(404);
        assertThat(seen.text("detail")).isEqualTo("no webhook " + id);
        assertThat(stranger.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks").body().path("items")).isEmpty();
        assertThat(stranger.get("/api/v1/webhooks/not-a-uuid").status()).isEqualTo(404);

        assertThat(owner.get("/api/v1/webhooks/" + id).status()).as("still there").isEqualTo(200);
        assertThat(owner.get("/api/v1/webhooks/" + id + "/deliveries").body().path("items")).isEmpty();
    }

    @Test
    void only_a_disabled_webhook_of_the_account_is_enabled_and_only_by_its_admins() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        String id = created(admin);

        Api.Response active = admin.post("/api/v1/webhooks/" + id + "/enable");
        assertThat(active.status()).as(active.text()).isEqualTo(409);
        assertThat(active.contentType()).startsWith("application/problem+json");
        assertThat(active.text("detail")).isEqualTo("webhook " + id + " is ACTIVE, not disabled: it already gets the events it subscribes to");

        jdbc.update("UPDATE webhook SET state = 'DISABLED', disabled_at = now(), disabled_reason = 'the receiver refused' "
                + "WHERE webhook_id = ?::uuid", id);
        Api stranger = api(Tokens.admin(Tenant.fresh()));
        Api.Response foreign = stranger.post("/api/v1/webhooks/" + id + "/enable");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.text("detail")).isEqualTo("no webhook " + id);
        assertThat(stranger.post("/api/v1/webhooks/not-a-uuid/enable").status()).isEqualTo(404);
        for (String role : List.of(Roles.FLOW_VIEWER, Roles.FLOW_OPERATOR, Roles.AUDITOR, Roles.WORKER)) {
            Api notAdmin = api(Tokens.token(tenant.account(), List.of("*"), role));
            assertThat(notAdmin.post("/api/v1/webhooks/" + id + "/enable").status()).as(role).isEqualTo(403);
        }
        assertThat(api(null).post("/api/v1/webhooks/" + id + "/enable").status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/webhooks/" + id).text("state")).as("none of them enabled it").isEqualTo("DISABLED");

        Api.Response enabled = admin.post("/api/v1/webhooks/" + id + "/enable");
        assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
        assertThat(enabled.text("state")).isEqualTo("ACTIVE");
        assertThat(enabled.text()).doesNotContain(SECRET);
        assertThat(admin.get("/api/v1/webhooks/" + id).body().path("disabledReason").isNull()).isTrue();
    }

    @Test
    void only_an_active_webhook_of_the_account_is_disabled_and_only_by_its_admins_who_may_enable_it_again() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.admin(tenant));
        String id = created(admin);

        Api stranger = api(Tokens.admin(Tenant.fresh()));
        Api.Response foreign = stranger.post("/api/v1/webhooks/" + id + "/disable");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text("detail")).isEqualTo("no webhook " + id);
        assertThat(stranger.post("/api/v1/webhooks/not-a-uuid/disable").status()).isEqualTo(404);
        for (String role : List.of(Roles.FLOW_VIEWER, Roles.FLOW_OPERATOR, Roles.AUDITOR, Roles.WORKER)) {
            Api notAdmin = api(Tokens.token(tenant.account(), List.of("*"), role));
            assertThat(notAdmin.post("/api/v1/webhooks/" + id + "/disable").status()).as(role).isEqualTo(403);
        }
        assertThat(api(null).post("/api/v1/webhooks/" + id + "/disable").status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/webhooks/" + id).text("state")).as("none of them disabled it").isEqualTo("ACTIVE");

        Api.Response disabled = admin.post("/api/v1/webhooks/" + id + "/disable");
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
        assertThat(disabled.text("state")).isEqualTo("DISABLED");
        assertThat(disabled.text("disabledReason")).isEqualTo("disabled by user-admin");
        assertThat(disabled.body().path("disabledAt").isNull()).isFalse();
        assertThat(disabled.text()).doesNotContain(SECRET);
        assertThat(admin.get("/api/v1/webhooks/" + id).text("state")).isEqualTo("DISABLED");

        Api.Response again = admin.post("/api/v1/webhooks/" + id + "/disable");
        assertThat(again.status()).as(again.text()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.text("detail")).isEqualTo("webhook " + id + " is DISABLED, not active: nothing is sent to it already");

        assertThat(admin.post("/api/v1/webhooks/" + id + "/enable").text("state")).isEqualTo("ACTIVE");
    }

    @Test
    void the_event_types_a_webhook_may_subscribe_to_are_listed_for_admins() {
        Tenant tenant = Tenant.fresh();
        Api.Response types = api(Tokens.admin(tenant)).get("/api/v1/webhooks/event-types");
        assertThat(types.status()).as(types.text()).isEqualTo(200);
        assertThat(types.body().path("items")).extracting(JsonNode::asText).containsExactlyElementsOf(WebhookEventTypes.NAMES)
                .contains("FlowCompleted").doesNotContain("LegacyFlowImported");
        assertThat(api(Tokens.viewer(tenant)).get("/api/v1/webhooks/event-types").status()).isEqualTo(403);
    }

    @Test
    void an_admin_of_some_engagements_subscribes_to_those_only() {
        Tenant tenant = Tenant.fresh();
        Api admin = api(Tokens.token(tenant.account(), List.of(tenant.engagement().toString()), Roles.ADMIN));

        Api.Response granted = admin.post("/api/v1/webhooks",
                "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"FlowCompleted\"], \"secret\": \"" + SECRET + "\"}");
        assertThat(granted.status()).isEqualTo(201);
        assertThat(granted.body().path("engagements")).extracting(JsonNode::asText).containsExactly(tenant.engagement().toString());

        Api.Response notGranted = admin.post("/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"FlowCompleted\"], "
                + "\"engagements\": [\"" + tenant.otherEngagement().engagement() + "\"], \"secret\": \"" + SECRET + "\"}");
        assertThat(notGranted.status()).isEqualTo(403);
    }

    private static String created(Api admin) {
        Api.Response created = admin.post("/api/v1/webhooks",
                "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"FlowCompleted\"], \"secret\": \"" + SECRET + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.text("webhookId");
    }

    private static void assertRefused(Api admin, String body, String field) {
        Api.Response refused = admin.post("/api/v1/webhooks", body);
        assertThat(refused.status()).as(body + " -> " + refused.text()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("field")).as(body + " -> " + refused.text()).isEqualTo(field);
    }
}
