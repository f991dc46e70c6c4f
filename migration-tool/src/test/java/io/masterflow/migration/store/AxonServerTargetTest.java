package io.masterflow.migration.store;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.testsupport.PackagedJar;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.common.AxonConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the Axon Server target reports an Axon Server it cannot reach, and how it reads a refusal, as the connector hands it over (a gRPC status with Axon Server's error
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
    void an_axon_server_that_does_not_answer_is_a_connection_failure_not_a_setup_error() {
        String address = "127.0.0.1:" + PackagedJar.unusedPort();

        assertThatThrownBy(() -> AxonServerTarget.open(address, null))
                .isInstanceOfSatisfying(MigrationFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(MigrationFailure.Kind.TARGET);
                    assertThat(failure.getMessage()).startsWith("cannot connect to the target axonserver://" + address + "/default: ");
                    assertThat(failure).rootCause().isNotInstanceOf(AxonConfigurationException.class);
                });
    }

    @Test
    void the_client_presents_the_token_of_axon_servers_access_control_when_it_has_one() {
        assertThat(AxonServerTarget.configuration("axon.example:8124", "a-token-of-the-deployment").getToken())
                .isEqualTo("a-token-of-the-deployment");
        assertThat(AxonServerTarget.configuration("axon.example:8124", null).getToken()).isNull();
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
