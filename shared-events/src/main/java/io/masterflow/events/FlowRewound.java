package io.masterflow.events;

/**
 * The flow went back to {@code toPhase}: it and every later phase are pending again, each with its full number of
 * attempts (attempt numbers go on counting, so an attempt's number still names one attempt in the history). The
 * flow is CREATED when it went back to its first phase, else WAITING; a paused flow stays paused and resumes to that.
 *
 * @param cancelledAttempt the attempt of the phase that was running, ended by the rewind (its report is refused from
 *                         now on); null when none ran
 */
public record FlowRewound(FlowId flowId, PhaseName toPhase, String reason, PhaseName cancelledPhase, Integer cancelledAttempt) {
}
