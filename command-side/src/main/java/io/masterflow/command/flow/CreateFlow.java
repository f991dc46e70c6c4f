package io.masterflow.command.flow;

import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Create a flow of the latest version of a flow type; sending the same command again changes nothing. */
public record CreateFlow(@TargetAggregateIdentifier FlowId flowId, EngagementId engagementId, String flowType,
                         String name, Map<String, Object> configuration, boolean autoAdvance) implements FlowCommand {

    public CreateFlow {
        configuration = configuration == null ? Map.of() : configuration;
    }
}
