package io.masterflow.migration.store;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.masterflow.events.EventSerialization;
import io.masterflow.events.FlowId;
import io.masterflow.migration.Jdbc;
import io.masterflow.migration.MigrationFailure;
import io.masterflow.migration.mapping.MappedFlow;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.axoniq.axonserver.connector.event.EventChannel;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Axon Server as the event store the command side reads (its 'axonserver' profile), written through Axon's own
 * {@link AxonServerEventStore} with the one masterflow serializer, so that migrated events are stored exactly as the
 * command side stores its own, and the very events {@link EventStoreTarget#messages} builds for PostgreSQL.
 *
 * <p>A batch is one unit of work: inside one, the connector opens a single append transaction for everything the
 * unit publishes and commits it when the unit commits (outside one, every publish call would be a transaction of
 * its own), and Axon Server stores a transaction whole or not at all. Axon Server refuses an event whose sequence
 * number is not the next of its aggregate, so a flow appended by another run meanwhile refuses the whole batch, as
 * PostgreSQL's unique key does.
 */
public final class AxonServerTarget implements MigrationTarget {

    /** How Axon Server's dashboard lists the tool's connections. */
    public static final String COMPONENT_NAME = "masterflow-migrate";
    /** The context the command side uses by default ({@code axon.axonserver.context} unset). */
    public static final String CONTEXT = "default";
    /** How long opening waits for Axon Server to answer: an operator waits for this, not for reconnect attempts. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a read or a batch's commit may take before the target counts as lost. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Where Axon Server puts its error code (AXONIQ-2000 and so on) in a refusal's gRPC trailers. */
    private static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("AxonIQ-ErrorCode", Metadata.ASCII_STRING_MARSHALLER);

    private final AxonServerConnectionManager connections;
    private final AxonServerEventStore eventStore;
    private final EventChannel events;
    private final String description;

    private AxonServerTarget(AxonServerConnectionManager connections, AxonServerEventStore eventStore, String description) {
        this.connections = connections;
        this.eventStore = eventStore;
        this.description = description;
        this.events = connections.getConnection(CONTEXT).eventChannel();
    }

    /**
     * Axon's event store client as the command side's profile builds it: the one masterflow serializer, and every
     * snapshot usable (the tool writes none, but Axon 4.13's builder refuses to go without a filter).
     */
    public static AxonServerEventStore eventStore(AxonServerConfiguration configuration, AxonServerConnectionManager connections) {
        Serializer serializer = EventSerialization.serializer();
        return AxonServerEventStore.builder()
                .configuration(configuration)
                .platformConnectionManager(connections)
                .defaultContext(CONTEXT)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .snapshotFilter(SnapshotFilter.allowAll())
                .build();
    }

    /**
     * Connects and checks that Axon Server answers.
     *
     * <p>No Axon configuration is built (only that starts the framework's update check), and the connection is the
     * tool's alone: {@link #close()} ends it.
     *
     * @param hostAndPort Axon Server's gRPC address, as {@code axon.axonserver.servers}
     * @param token       the token of Axon Server's access control, as {@code axon.axonserver.token}; null for none
     * @throws MigrationFailure of kind TARGET, with a one-line message, when it cannot be reached
     */
    public static AxonServerTarget open(String hostAndPort, String token) {
        String description = describe(hostAndPort);
        AxonServerConfiguration configuration = configuration(hostAndPort, token);
        AxonServerConnectionManager connections;
        AxonServerEventStore eventStore;
        try {
            connections = AxonServerConnectionManager.builder().axonServerConfiguration(configuration).build();
            eventStore = eventStore(configuration, connections);
        } catch (AxonConfigurationException e) {
            // the tool's own wiring, not the network: nothing an operator can fix by checking the address
            throw new MigrationFailure(MigrationFailure.Kind.INTERNAL,
                    "cannot set up the Axon Server client for " + description + ": " + e.getMessage(), e);
        }
        try {
            AxonServerTarget target = new AxonServerTarget(connections, eventStore, description);
            await(target.events.getLastToken(), CONNECT_TIMEOUT);
            return target;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            connections.shutdown();
            throw MigrationFailure.target("cannot connect to the target " + description + ": " + reason(e, CONNECT_TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connections.shutdown();
            throw MigrationFailure.target("interrupted while connecting to the target " + description, e);
        }
    }

    /** The client's settings: those of the sides' axonserver profile that matter for appending. */
    static AxonServerConfiguration configuration(String hostAndPort, String token) {
        AxonServerConfiguration.Builder builder = AxonServerConfiguration.builder()
                .servers(hostAndPort)
                .context(CONTEXT)
                .componentName(COMPONENT_NAME)
                .connectTimeout(CONNECT_TIMEOUT.toMillis())
                .suppressDownloadMessage();
        if (token != null) {
            builder.token(token);
        }
        AxonServerConfiguration configuration = builder.build();
        configuration.setCommitTimeout((int) REQUEST_TIMEOUT.toMillis());
        return configuration;
    }

    /** What the report calls an Axon Server target. */
    public static String describe(String hostAndPort) {
        return "axonserver://" + hostAndPort + "/" + CONTEXT;
    }

    @Override
    public Set<FlowId> present(List<FlowId> flowIds) {
        // Axon Server stores an aggregate's events from sequence number 0 without gaps: any event means the first one
        return lastSequences(flowIds).keySet();
    }

    /** The last sequence number of each flow Axon Server holds: one request per flow, all sent before the first answer is awaited. */
    private Map<FlowId, Long> lastSequences(List<FlowId> flowIds) {
        Map<FlowId, CompletableFuture<Long>> requests = new LinkedHashMap<>();
        flowIds.forEach(flowId -> requests.put(flowId, events.findHighestSequence(flowId.toString())));
        Map<FlowId, Long> last = new HashMap<>();
        try {
            for (Map.Entry<FlowId, CompletableFuture<Long>> request : requests.entrySet()) {
                Long sequence = await(request.getValue(), REQUEST_TIMEOUT);
                if (sequence != null && sequence >= 0) {
                    last.put(request.getKey(), sequence);
                }
            }
            return last;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            requests.values().forEach(request -> request.cancel(true));
            throw MigrationFailure.target("cannot read the target " + description + ": " + reason(e, REQUEST_TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MigrationFailure.target("interrupted while reading the target " + description, e);
        }
    }

    /** One unit of work, so one append transaction, for the whole batch. */
    @Override
    public void append(List<MappedFlow> flows, String runId, Runnable beforeCommit) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (MappedFlow flow : flows) {
            messages.addAll(EventStoreTarget.messages(flow, runId));
        }
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            eventStore.publish(messages);
            beforeCommit.run();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        try {
            // the events go to Axon Server in the commit; it confirms the transaction or refuses all of it
            unitOfWork.commit();
        } catch (RuntimeException e) {
            throw refused(e);
        }
    }

    private RuntimeException refused(RuntimeException failure) {
        ErrorCode code = errorCodeOf(failure);
        if (code == ErrorCode.CONNECTION_FAILED || isUnavailable(failure)) {
            return MigrationFailure.target("lost the connection to the target " + description + ": " + reason(failure, REQUEST_TIMEOUT), failure);
        }
        return new AppendRefused(reason(failure, REQUEST_TIMEOUT), failure, code == ErrorCode.INVALID_EVENT_SEQUENCE);
    }

    /** The error code Axon Server gave a failure, whichever layer of the connector reported it; null when none. */
    static ErrorCode errorCodeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AxonServerException axon && axon.errorCode() != null) {
                return axon.errorCode();
            }
            if (cause instanceof io.axoniq.axonserver.connector.AxonServerException connector
                    && connector.getErrorCategory() != null && connector.getErrorCategory() != ErrorCategory.OTHER) {
                return ErrorCode.getFromCode(connector.getErrorCategory().errorCode());
            }
            if (cause instanceof StatusRuntimeException grpc && grpc.getTrailers() != null
                    && grpc.getTrailers().get(ERROR_CODE) != null) {
                return ErrorCode.getFromCode(grpc.getTrailers().get(ERROR_CODE));
            }
        }
        return null;
    }

    private static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return true;
            }
        }
        return false;
    }

    private static <T> T await(CompletableFuture<T> request, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        return request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One line for the operator: what Axon Server or the network said. */
    private static String reason(Throwable failure, Duration waited) {
        if (failure instanceof TimeoutException) {
            return "no answer within " + waited.toSeconds() + " s";
        }
        return Jdbc.message(failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure);
    }

    @Override
    public void close() {
        connections.shutdown();
    }
}
