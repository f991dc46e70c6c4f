package io.masterflow.command.flow;

import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Change the flow's configuration by a JSON merge patch (RFC 7396: a null value removes its key). */
public record ChangeConfiguration(@TargetAggregateIdentifier FlowId flowId, Map<String, Object> patch, Long expectedVersion)
        implements VersionedCommand {
}
