package io.masterflow.command.approval;

import io.masterflow.command.task.PhaseHandler;
import io.masterflow.command.task.PhaseOutcome;
import io.masterflow.command.task.PhaseWork;
import org.springframework.stereotype.Component;

/**
 * {@value #NAME}: a phase that needs someone's sign-off. The attempt waits until a flow-operator approves it
 * ({@code POST /api/v1/flows/{id}/phases/{phase}/approve}: the phase completes) or rejects it ({@code .../reject}: the
 * attempt fails for good and the flow fails; an operator may start the phase again). The phase's timeout bounds the
 * wait.
 */
@Component
public class ApprovalHandler implements PhaseHandler {

    public static final String NAME = "approval";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PhaseOutcome handle(PhaseWork work) {
        return PhaseOutcome.awaiting("a decision by a flow-operator");
    }
}
