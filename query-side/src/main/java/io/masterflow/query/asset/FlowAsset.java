package io.masterflow.query.asset;

import java.time.Instant;
import java.util.Map;

/**
 * An asset a flow discovered, as the read model holds it.
 *
 * @param discoveredInPhase the phase whose latest discovery of the asset described it
 * @param validatedAt       when its validation state last changed (null while nobody has judged it)
 */
public record FlowAsset(String assetId, String name, String kind, Map<String, Object> attributes,
                        String discoveredInPhase, Instant discoveredAt, String discoveredBy,
                        ValidationState validation, String validationNotes, Instant validatedAt, String validatedBy) {

    public FlowAsset {
        attributes = attributes == null ? Map.of() : attributes;
    }
}
