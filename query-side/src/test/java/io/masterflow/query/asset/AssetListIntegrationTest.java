package io.masterflow.query.asset;

import io.masterflow.testsupport.Api;
import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.PhaseName;
import io.masterflow.query.support.FlowStory;
import io.masterflow.query.support.IntegrationTest;
import io.masterflow.query.support.Tenant;
import io.masterflow.query.support.Tokens;
import io.masterflow.security.Roles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flow's assets through the API, from real events: batches of discoveries, judgements, a rediscovery, keyset
 * pages at their boundaries, filters, and other tenants' flows answered as unknown ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetListIntegrationTest extends IntegrationTest {

    private static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");
    private static final PhaseName INVENTORY = PhaseName.of("wave_planning");
    private static final PhaseName LATER = PhaseName.of("timeline_optimization");

    private final Tenant tenant = Tenant.fresh();
    private Api viewer;
    private FlowStory inventory;
    private FlowStory small;
    private FlowStory empty;

    @BeforeAll
    void flowsWithAssets() {
        viewer = api(Tokens.viewer(tenant));
        // 750 servers over two events, as the command side splits a large inventory
        List<DiscoveredAsset> servers = IntStream.range(0, 750)
                .mapToObj(i -> new DiscoveredAsset("srv-%04d".formatted(i), "server " + i, "server", Map.of("cpu", i % 16)))
                .toList();
        inventory = story(tenant, T0).created("discovery", "big inventory")
                .then(new AssetsDiscovered(null, INVENTORY, servers.subList(0, 500)))
                .then(new AssetsDiscovered(null, INVENTORY, servers.subList(500, 750)));

        small = story(tenant, T0).created("discovery", "small inventory").by("worker-7")
                .then(new AssetsDiscovered(null, INVENTORY, List.of(
                        new DiscoveredAsset("app-1", "billing", "application", Map.of("owner", "finance")),
                        new DiscoveredAsset("db-1", "billing db", "database", Map.of("engine", "postgres", "gb", 120)),
                        new DiscoveredAsset("srv-1", "web 1", "server", Map.of()))))
                .by("bob").then(new AssetValidated(null, "db-1", AssetValidated.Verdict.VALIDATED, null))
                .then(new AssetValidated(null, "srv-1", AssetValidated.Verdict.REJECTED, "retired last year"))
                .by("worker-8").then(new AssetsDiscovered(null, LATER, List.of(
                        new DiscoveredAsset("srv-1", "web 1 (decommissioned)", "server", Map.of("state", "off")))));

        empty = story(tenant, T0).created("discovery", "nothing found yet");

        List.of(inventory, small, empty).forEach(flow -> awaitProjected(tenant, flow));
        eventually(() -> assetRows(inventory) == 750 && assetRows(small) == 3
                && "off".equals(jdbc.queryForObject("SELECT attributes->>'state' FROM flow_asset WHERE asset_id = 'srv-1' "
                + "AND flow_id = ?::uuid", String.class, small.idText())), "the assets read model holds every asset");
    }

    @Test
    void pages_follow_the_asset_id_and_neither_repeat_nor_skip_an_asset_even_at_exact_boundaries() {
        List<String> expected = IntStream.range(0, 750).mapToObj("srv-%04d"::formatted).toList();

        assertThat(allIds("?limit=500")).containsExactlyElementsOf(expected);
        assertThat(allIds("?limit=250")).as("three full pages, the last with no next cursor").containsExactlyElementsOf(expected);
        assertThat(allIds("")).as("the default page of 100").containsExactlyElementsOf(expected);

        Api.Response exact = viewer.get(assetsOf(small) + "?limit=3");
        assertThat(exact.body().path("items")).hasSize(3);
        assertThat(exact.body().path("nextCursor").isNull()).as("a full last page has no next page").isTrue();
    }

    @Test
    void each_asset_shows_who_discovered_it_where_and_its_judgement() {
        JsonNode items = viewer.get(assetsOf(small)).body().path("items");

        assertThat(items.findValuesAsText("assetId")).containsExactly("app-1", "db-1", "srv-1");
        JsonNode app = items.get(0);
        assertThat(app.path("validation").asText()).isEqualTo("pending");
        assertThat(app.path("validatedAt").isNull()).isTrue();
        assertThat(app.path("discoveredInPhase").asText()).isEqualTo("wave_planning");
        assertThat(app.path("discoveredBy").asText()).isEqualTo("worker-7");
        assertThat(app.path("discoveredAt").asText()).isEqualTo("2025-05-01T08:00:01Z");
        assertThat(app.path("attributes").path("owner").asText()).isEqualTo("finance");

        JsonNode database = items.get(1);
        assertThat(database.path("validation").asText()).isEqualTo("validated");
        assertThat(database.path("validatedBy").asText()).isEqualTo("bob");
        assertThat(database.path("validatedAt").asText()).isEqualTo("2025-05-01T08:00:02Z");
        assertThat(database.path("attributes").path("gb").asInt()).isEqualTo(120);

        JsonNode rediscovered = items.get(2);
        assertThat(rediscovered.path("name").asText()).as("a later discovery describes the asset anew").isEqualTo("web 1 (decommissioned)");
        assertThat(rediscovered.path("discoveredInPhase").asText()).isEqualTo("timeline_optimization");
        assertThat(rediscovered.path("discoveredBy").asText()).isEqualTo("worker-8");
        assertThat(rediscovered.path("validation").asText()).as("and keeps its judgement").isEqualTo("rejected");
        assertThat(rediscovered.path("validationNotes").asText()).isEqualTo("retired last year");
    }

    @Test
    void kind_and_validation_narrow_the_list_and_combine() {
        assertThat(ids(viewer.get(assetsOf(small) + "?kind=server"))).containsExactly("srv-1");
        assertThat(ids(viewer.get(assetsOf(small) + "?validation=pending"))).containsExactly("app-1");
        assertThat(ids(viewer.get(assetsOf(small) + "?validation=VALIDATED"))).containsExactly("db-1");
        assertThat(ids(viewer.get(assetsOf(small) + "?kind=server&validation=validated"))).isEmpty();
        assertThat(ids(viewer.get(assetsOf(inventory) + "?validation=pending&limit=500"))).hasSize(500);
    }

    @Test
    void a_flow_that_found_nothing_yet_has_an_empty_list() {
        Api.Response answer = viewer.get(assetsOf(empty));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("items")).isEmpty();
        assertThat(answer.body().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void another_tenants_flow_is_answered_exactly_like_an_unknown_one() {
        Tenant stranger = Tenant.fresh();
        String unknownId = java.util.UUID.randomUUID().toString();
        Api.Response unknown = viewer.get("/api/v1/flows/" + unknownId + "/assets");
        Api.Response otherAccount = api(Tokens.viewer(stranger)).get(assetsOf(small));
        Api.Response otherEngagement = api(Tokens.viewer(tenant.otherEngagement())).get(assetsOf(small));
        Api.Response detail = api(Tokens.viewer(stranger)).get("/api/v1/flows/" + small.idText());

        assertThat(List.of(unknown.status(), otherAccount.status(), otherEngagement.status(), detail.status()))
                .containsOnly(404);
        assertThat(otherAccount.text().replace(small.idText(), "ID")).isEqualTo(unknown.text().replace(unknownId, "ID"));
        assertThat(otherAccount.text("detail")).as("the flow detail's answer").isEqualTo(detail.text("detail"));
        assertThat(otherEngagement.text()).isEqualTo(otherAccount.text());
        assertThat(viewer.get("/api/v1/flows/not-a-uuid/assets").status()).isEqualTo(404);
    }

    @Test
    void auditors_read_assets_and_other_roles_do_not() {
        assertThat(api(Tokens.auditor(tenant)).get(assetsOf(small)).status()).isEqualTo(200);
        String operator = Tokens.token(tenant.account(), List.of(tenant.engagement().toString()), Roles.FLOW_OPERATOR);
        assertThat(api(operator).get(assetsOf(small)).status()).isEqualTo(403);
    }

    @Test
    void values_the_api_cannot_read_are_problems_naming_the_parameter() {
        for (String query : List.of("?validation=maybe", "?limit=0", "?limit=501", "?cursor=bm90LW91cnM")) {
            Api.Response answer = viewer.get(assetsOf(small) + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text("field")).isEqualTo(query.substring(1, query.indexOf('=')));
        }
    }

    private List<String> allIds(String query) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String separator = query.isEmpty() ? "?" : "&";
            Api.Response page = viewer.get(assetsOf(inventory) + query + (cursor == null ? "" : separator + "cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            ids.addAll(ids(page));
            cursor = page.body().path("nextCursor").isNull() ? null : page.text("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static List<String> ids(Api.Response page) {
        return page.body().path("items").findValuesAsText("assetId");
    }

    private static String assetsOf(FlowStory flow) {
        return "/api/v1/flows/" + flow.idText() + "/assets";
    }

    private long assetRows(FlowStory flow) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM flow_asset WHERE flow_id = ?::uuid", Long.class, flow.idText());
        return count == null ? 0 : count;
    }
}
