package io.masterflow.command.task;

/**
 * Does the work of a phase inside masterflow. A Spring bean implementing this interface is the handler of every phase
 * whose flow-type definition names it ({@code handler: <name>}); start-up fails when a definition names a handler no
 * bean provides.
 *
 * <p>The handler runs after the attempt's PhaseStarted is committed, on a thread of the handler pool, and may take as
 * long as the phase's timeout allows. It may run more than once for one attempt (after a node died while running it),
 * so it should be safe to repeat. An exception counts as a retryable failure.
 */
public interface PhaseHandler {

    /** The name flow-type definitions use for this handler. */
    String name();

    PhaseOutcome handle(PhaseWork work) throws Exception;
}
