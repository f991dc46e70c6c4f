package io.masterflow.command.flow;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.AssetsDiscovered;
import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowDeleted;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseStarted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.masterflow.command.flow.FlowFixtures.*;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;

/** The assets a flow's phases discover, and their validation. */
class FlowAssetsTest {

    private static final DiscoveredAsset SERVER = new DiscoveredAsset("srv-1", "app server", "server", Map.of("os", "linux"));

    private AggregateTestFixture<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    @Test
    void a_completion_records_the_assets_it_discovered_in_events_of_at_most_five_hundred() {
        List<DiscoveredAsset> assets = IntStream.range(0, 1001)
                .mapToObj(i -> new DiscoveredAsset("srv-" + i, "server " + i, "server", Map.of())).toList();

        fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                .when(new CompletePhase(FLOW, COLLECT, 1, SOURCE, assets, null), operator())
                .expectEvents(new AssetsDiscovered(FLOW, COLLECT, assets.subList(0, 500)), new AssetsDiscovered(FLOW, COLLECT, assets.subList(500, 1000)),
                        new AssetsDiscovered(FLOW, COLLECT, assets.subList(1000, 1001)), new PhaseCompleted(FLOW, COLLECT, 1, SOURCE, Duration.ZERO));
    }

    @Test
    void an_asset_without_an_id_is_refused_with_the_whole_completion() {
        fixture.given(created(false), new PhaseStarted(FLOW, COLLECT, 1, SOURCE))
                .when(new CompletePhase(FLOW, COLLECT, 1, SOURCE, List.of(new DiscoveredAsset(" ", "x", "server", Map.of())), null), operator())
                .expectNoEvents()
                .expectException(allOf(instanceOf(FlowRejected.class), hasProperty("message", containsString("non-blank assetId"))));
    }

    @Test
    void a_discovered_asset_can_be_validated_or_rejected() {
        fixture.given(created(false), new AssetsDiscovered(FLOW, COLLECT, List.of(SERVER)))
                .when(new ValidateAsset(FLOW, "srv-1", AssetValidated.Verdict.REJECTED, "retired last year", null), operator())
                .expectEvents(new AssetValidated(FLOW, "srv-1", AssetValidated.Verdict.REJECTED, "retired last year"));
    }

    @Test
    void an_asset_the_flow_did_not_discover_is_not_found() {
        fixture.given(created(false), new AssetsDiscovered(FLOW, COLLECT, List.of(SERVER)))
                .when(new ValidateAsset(FLOW, "srv-2", AssetValidated.Verdict.VALIDATED, null, null), operator())
                .expectNoEvents()
                .expectException(allOf(instanceOf(FlowRejected.class), hasProperty("message", containsString("discovered no asset 'srv-2'"))));
    }

    @Test
    void the_assets_of_a_deleted_flow_cannot_be_judged() {
        fixture.given(created(false), new AssetsDiscovered(FLOW, COLLECT, List.of(SERVER)), new FlowDeleted(FLOW, "duplicate"))
                .when(new ValidateAsset(FLOW, "srv-1", AssetValidated.Verdict.VALIDATED, null, null), operator())
                .expectNoEvents()
                .expectException(allOf(instanceOf(FlowRejected.class), hasProperty("message", containsString("was deleted"))));
    }
}
