package io.masterflow.command.flow;

import io.masterflow.events.AssetValidated;
import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record someone's judgement of an asset the flow discovered. */
public record ValidateAsset(@TargetAggregateIdentifier FlowId flowId, String assetId, AssetValidated.Verdict verdict,
                            String notes, Long expectedVersion) implements VersionedCommand {
}
