package io.masterflow.events;

import java.util.Map;
import java.util.Objects;

/** An asset of the client's estate found by a phase (a server, a database, an application ...). */
public record DiscoveredAsset(String assetId, String name, String kind, Map<String, Object> attributes) {

    public DiscoveredAsset {
        Objects.requireNonNull(assetId, "asset id");
        Objects.requireNonNull(name, "asset name");
        attributes = attributes == null ? Map.of() : attributes;
    }
}
