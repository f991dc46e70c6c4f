package io.masterflow.command.flow;

/**
 * A command that may name the flow version its sender last saw; when the flow has moved on since, the
 * command is refused rather than applied to a state the sender never saw.
 */
public interface VersionedCommand extends FlowCommand {

    /** The aggregate sequence number the sender saw, or {@code null} to act on whatever is current. */
    Long expectedVersion();
}
