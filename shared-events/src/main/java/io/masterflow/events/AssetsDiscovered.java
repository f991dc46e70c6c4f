package io.masterflow.events;

import java.util.List;

/** A phase found assets; large inventories arrive as several of these events. */
public record AssetsDiscovered(FlowId flowId, PhaseName phase, List<DiscoveredAsset> assets) {

    public AssetsDiscovered {
        assets = List.copyOf(assets);
    }
}
