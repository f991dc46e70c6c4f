package io.masterflow.axon;

import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage is told from a failure in each shape the connector reports it in. */
class AxonServerOutageTest {

    @Test
    void a_command_that_could_not_be_dispatched_for_want_of_a_connection_is_an_outage() {
        // what the command gateway's future holds while Axon Server is down (seen on a real run)
        Throwable dispatch = new CompletionException(new io.axoniq.axonserver.connector.AxonServerException(
                ErrorCategory.COMMAND_DISPATCH_ERROR, "Received exception while dispatching command", "client",
                Status.UNAVAILABLE.asRuntimeException()));

        assertThat(AxonServerOutage.isCauseOf(dispatch)).isTrue();
    }

    @Test
    void a_refused_connection_or_a_missing_command_handler_is_an_outage() {
        assertThat(AxonServerOutage.isCauseOf(new AxonServerException(ErrorCategory.CONNECTION_FAILED.errorCode(), "no connection"))).isTrue();
        assertThat(AxonServerOutage.isCauseOf(new io.axoniq.axonserver.connector.AxonServerException(
                ErrorCategory.NO_HANDLER_FOR_COMMAND, "no handler", "server"))).isTrue();
    }

    @Test
    void a_failure_of_the_request_itself_is_no_outage() {
        assertThat(AxonServerOutage.isCauseOf(new CommandExecutionException("handler failed", new IllegalStateException("bug")))).isFalse();
        assertThat(AxonServerOutage.isCauseOf(new AxonServerException(ErrorCategory.INVALID_EVENT_SEQUENCE.errorCode(), "taken"))).isFalse();
        assertThat(AxonServerOutage.isCauseOf(Status.INVALID_ARGUMENT.asRuntimeException())).isFalse();
    }
}
