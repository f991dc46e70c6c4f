package io.masterflow.batch;

import io.masterflow.command.flow.DeleteFlow;
import io.masterflow.command.flow.PauseFlow;
import io.masterflow.command.flow.ResumeFlow;
import io.masterflow.command.flow.RewindFlow;
import io.masterflow.command.flow.StartPhase;
import io.masterflow.events.FlowId;
import io.masterflow.events.PhaseName;
import io.masterflow.web.InvalidRequest;

import java.util.Locale;
import java.util.Map;

/** What a batch does to each flow: the command of the current API, with the version the batch saw. */
public enum BatchOperation {

    PAUSE {
        @Override
        Object command(FlowId flow, BatchArguments arguments, long expectedVersion) {
            return new PauseFlow(flow, arguments.reason(), expectedVersion);
        }
    },
    RESUME {
        @Override
        Object command(FlowId flow, BatchArguments arguments, long expectedVersion) {
            return new ResumeFlow(flow, arguments.reason(), expectedVersion);
        }
    },
    DELETE {
        @Override
        Object command(FlowId flow, BatchArguments arguments, long expectedVersion) {
            return new DeleteFlow(flow, arguments.reason(), expectedVersion);
        }
    },
    REWIND {
        @Override
        Object command(FlowId flow, BatchArguments arguments, long expectedVersion) {
            return new RewindFlow(flow, PhaseName.of(arguments.toPhase()), arguments.reason(), expectedVersion);
        }

        @Override
        public void check(BatchArguments arguments) {
            if (arguments.toPhase() == null || arguments.toPhase().isBlank()) {
                throw new InvalidRequest("arguments.toPhase", "a rewind needs 'arguments.toPhase', the phase to go back to");
            }
            try {
                PhaseName.of(arguments.toPhase());
            } catch (IllegalArgumentException malformed) {
                throw new InvalidRequest("arguments.toPhase", malformed.getMessage());
            }
        }
    },
    EXECUTE {
        @Override
        Object command(FlowId flow, BatchArguments arguments, long expectedVersion) {
            return new StartPhase(flow, null, Map.of(), expectedVersion);
        }
    };

    abstract Object command(FlowId flow, BatchArguments arguments, long expectedVersion);

    /** Refuses arguments the operation cannot run with, before anything is selected. */
    public void check(BatchArguments arguments) {
    }

    public static BatchOperation parse(String operation) {
        try {
            return valueOf(operation.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new InvalidRequest("operation", "'operation' must be one of pause, resume, delete, rewind, execute: " + operation);
        }
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
