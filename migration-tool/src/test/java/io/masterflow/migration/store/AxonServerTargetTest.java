package io.masterflow.migration.store;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the Axon Server target reads a refusal, as the connector hands it over (a gRPC status with Axon Server's error
 * code in its trailers, wrapped by the unit of work): a sequence-number refusal is a flow that is there already.
 */
class AxonServerTargetTest {

    private static StatusRuntimeException refusal(Status status, String errorCode) {
        Metadata trailers = new Metadata();
        if (errorCode != null) {
            trailers.put(Metadata.Key.of("AxonIQ-ErrorCode", Metadata.ASCII_STRING_MARSHALLER), errorCode);
        }
        return status.withDescription("refused").asRuntimeException(trailers);
    }

    @Test
    void an_event_sequence_refusal_is_recognised_through_the_unit_of_works_wrapping() {
        RuntimeException wrapped = new IllegalStateException("commit failed",
                refusal(Status.OUT_OF_RANGE, "AXONIQ-2000"));

        assertThat(AxonServerTarget.errorCodeOf(wrapped)).isEqualTo(ErrorCode.INVALID_EVENT_SEQUENCE);
    }

    @Test
    void other_refusals_are_not_taken_for_a_flow_that_is_there() {
        assertThat(AxonServerTarget.errorCodeOf(refusal(Status.INVALID_ARGUMENT, "AXONIQ-2001")))
                .isEqualTo(ErrorCode.EVENT_PAYLOAD_TOO_LARGE);
        assertThat(AxonServerTarget.errorCodeOf(refusal(Status.UNAVAILABLE, null))).isNull();
        assertThat(AxonServerTarget.errorCodeOf(new IllegalStateException("no code at all"))).isNull();
    }
}
