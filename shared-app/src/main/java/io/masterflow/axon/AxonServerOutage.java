package io.masterflow.axon;

import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.axonframework.axonserver.connector.AxonServerException;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a failure means that Axon Server cannot serve the request at the moment (down, restarting, no node
 * registered for the command yet), as opposed to a failure of the request itself: the first is worth a retry and
 * answered 503, the second is a bug and answered 500. The connector reports an outage in several layers (its own
 * exception with an error code, Axon's with another, or the bare gRPC status), so every cause is looked at.
 */
public final class AxonServerOutage {

    private static final Set<String> OUTAGE_CODES = Stream.of(
            ErrorCategory.CONNECTION_FAILED, ErrorCategory.NO_EVENT_STORE_MASTER_AVAILABLE, ErrorCategory.NO_HANDLER_FOR_COMMAND)
            .map(ErrorCategory::errorCode).collect(Collectors.toUnmodifiableSet());

    private AxonServerOutage() {
    }

    public static boolean isCauseOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return true;
            }
            if (cause instanceof AxonServerException axon && OUTAGE_CODES.contains(axon.code())) {
                return true;
            }
            if (cause instanceof io.axoniq.axonserver.connector.AxonServerException connector && connector.getErrorCategory() != null
                    && OUTAGE_CODES.contains(connector.getErrorCategory().errorCode())) {
                return true;
            }
        }
        return false;
    }
}
