package io.masterflow.command.flow;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import javax.annotation.Nonnull;

/**
 * Which flow a command is for. Axon's annotation resolver scans the command's methods and fields for
 * {@code @TargetAggregateIdentifier} and {@code @TargetAggregateVersion} on every command, a few percent of the
 * server's CPU per command; a flow command names its flow itself. No flow command carries an Axon target version
 * (a sender's expected version is checked by the flow, see {@link VersionedCommand}), so none is resolved here
 * either. Any other command is left to the annotation resolver.
 */
public class FlowCommandTarget implements CommandTargetResolver {

    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        if (!(command.getPayload() instanceof FlowCommand flowCommand)) {
            return annotated.resolveTarget(command);
        }
        if (flowCommand.flowId() == null) {
            // Axon's own words for a command without a target
            throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target aggregate. "
                    + "Make sure at least one of the fields or methods in the [%s] class contains the @TargetAggregateIdentifier "
                    + "annotation and that it returns a non-null value.", command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(flowCommand.flowId(), null);
    }
}
