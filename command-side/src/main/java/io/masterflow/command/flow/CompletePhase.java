package io.masterflow.command.flow;

import io.masterflow.events.DiscoveredAsset;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** Report that a running attempt of a phase succeeded, with its output and the assets it discovered. */
public record CompletePhase(@TargetAggregateIdentifier FlowId flowId, PhaseName phase, int attempt,
                            Map<String, Object> output, List<DiscoveredAsset> assets, Long expectedVersion)
        implements VersionedCommand {

    public CompletePhase {
        output = output == null ? Map.of() : output;
        assets = assets == null ? List.of() : List.copyOf(assets);
    }

    public CompletePhase(FlowId flowId, PhaseName phase, int attempt, Map<String, Object> output, Long expectedVersion) {
        this(flowId, phase, attempt, output, List.of(), expectedVersion);
    }
}
