package io.masterflow.query.webhook;

import io.masterflow.query.support.Api;
import io.masterflow.query.support.Nodes;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.TestDatabase;
import io.masterflow.query.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default settings a receiver may not be on the platform's own network: loopback, link-local, private and
 * unspecified addresses are refused, whether written as such or behind a name. A query side of its own, since the
 * shared test application allows them for its receivers on loopback. A webhook whose receiver the rule refuses is not
 * enabled again either.
 */
class WebhookAddressIntegrationTest {

    private final Tenant tenant = Tenant.fresh();

    @Test
    void receivers_on_private_addresses_are_refused_unless_a_property_allows_them() {
        String database = TestDatabase.freshDatabase("webhook_addresses_" + tenant.account().toString().substring(0, 8));
        try (ConfigurableApplicationContext node = Nodes.start(database, TestDatabase.user(), TestDatabase.password())) {
            Api admin = new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class), Tokens.admin(tenant));
            Map<String, String> refused = Map.ofEntries(
                    Map.entry("http://127.0.0.1:8080/hook", "loopback"),
                    Map.entry("http://localhost/hook", "loopback"),
                    Map.entry("http://[::1]/hook", "loopback"),
                    Map.entry("http://[::ffff:127.0.0.1]/hook", "loopback"),
                    Map.entry("http://10.20.30.40/hook", "private"),
                    Map.entry("https://172.16.0.1/hook", "private"),
                    Map.entry("http://192.168.1.10/hook", "private"),
                    Map.entry("http://[fd12:3456::1]/hook", "unique local"),
                    Map.entry("http://169.254.169.254/latest/meta-data", "link-local"),
                    Map.entry("http://[fe80::1]/hook", "link-local"),
                    Map.entry("http://0.0.0.0/hook", "unspecified"),
                    Map.entry("http://[::]/hook", "unspecified"));
            refused.forEach((url, kind) -> {
                Api.Response answer = admin.post("/api/v1/webhooks", body(url));
                assertThat(answer.status()).as(url + " -> " + answer.text()).isEqualTo(400);
                assertThat(answer.text("field")).isEqualTo("url");
                assertThat(answer.text("detail")).as(url).contains(kind).contains("masterflow.webhooks.allow-private-addresses");
            });

            Api.Response publicAddress = admin.post("/api/v1/webhooks", body("https://93.184.215.14/hooks/masterflow"));
            assertThat(publicAddress.status()).as(publicAddress.text()).isEqualTo(201);

            // made while the property allowed private addresses, then disabled: enabling it again is refused as well
            String id = publicAddress.text("webhookId");
            node.getBean(JdbcTemplate.class).update("UPDATE webhook SET url = 'http://127.0.0.1:8080/hook', state = 'DISABLED', "
                    + "disabled_at = now(), disabled_reason = 'the receiver refused' WHERE webhook_id = ?::uuid", id);
            Api.Response enabled = admin.post("/api/v1/webhooks/" + id + "/enable");
            assertThat(enabled.status()).as(enabled.text()).isEqualTo(409);
            assertThat(enabled.text("detail")).contains("cannot be enabled", "loopback", "masterflow.webhooks.allow-private-addresses");
            assertThat(admin.get("/api/v1/webhooks/" + id).text("state")).isEqualTo("DISABLED");
        }
    }

    private static String body(String url) {
        return "{\"url\": \"" + url + "\", \"events\": [\"FlowFailed\"], \"secret\": \"a-secret-the-receiver-knows-too\"}";
    }
}
