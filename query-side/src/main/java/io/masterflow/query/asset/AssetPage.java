package io.masterflow.query.asset;

import java.util.List;

/** A page of a flow's assets, and the asset id the next page starts after (null on the last page). */
public record AssetPage(List<FlowAsset> items, String nextAfter) {

    public AssetPage {
        items = List.copyOf(items);
    }
}
