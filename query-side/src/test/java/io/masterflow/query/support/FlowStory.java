package io.masterflow.query.support;

import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowId;
import io.masterflow.events.FlowTypeRef;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a flow's events into the real event store the way the command side does: domain events of aggregate
 * type Flow with the flow id as aggregate id, consecutive sequence numbers, and the metadata the command side
 * stamps (tenant, engagement, user, correlation and causation ids). Times are chosen by the test.
 */
public final class FlowStory {

    /** The planning type's phases as a flow pins them: the second retries, the third may be skipped. */
    public static final List<PhaseDefinition> PLANNING_PHASES = List.of(
            phase("wave_planning", true, RetryPolicy.NONE),
            phase("timeline_optimization", true, new RetryPolicy(3, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(5))),
            phase("resource_allocation", false, RetryPolicy.NONE));

    private final EventStore eventStore;
    private final Tenant tenant;
    private final FlowId flowId;
    private String user = "alice";
    private String correlationId = UUID.randomUUID().toString();
    private Instant clock;
    private long nextSequence;
    private final Map<String, String> metaDataOverrides = new HashMap<>();

    public FlowStory(EventStore eventStore, Tenant tenant, Instant start) {
        this(eventStore, tenant, FlowId.random(), start);
    }

    public FlowStory(EventStore eventStore, Tenant tenant, FlowId flowId, Instant start) {
        this.eventStore = eventStore;
        this.tenant = tenant;
        this.flowId = flowId;
        this.clock = start;
    }

    public static PhaseDefinition phase(String name, boolean required, RetryPolicy retry) {
        return new PhaseDefinition(PhaseName.of(name), required, null, retry, List.of(), null);
    }

    public FlowId id() {
        return flowId;
    }

    public String idText() {
        return flowId.toString();
    }

    /** The flow's version: the sequence number of its last event. */
    public long version() {
        return nextSequence - 1;
    }

    /** The time of the next event. */
    public Instant now() {
        return clock;
    }

    public FlowStory by(String user) {
        this.user = user;
        return this;
    }

    public FlowStory correlatedAs(String correlationId) {
        this.correlationId = correlationId;
        return this;
    }

    /**
     * Stamps the following events' metadata entry with a value the command side would never write (a tenant that
     * is not a UUID, say): the damaged data a dead-letter queue exists for.
     */
    public FlowStory stamped(String metaDataKey, String value) {
        metaDataOverrides.put(metaDataKey, value);
        return this;
    }

    /** Lets time pass before the next event. */
    public FlowStory after(Duration duration) {
        clock = clock.plus(duration);
        return this;
    }

    public FlowStory at(Instant instant) {
        clock = instant;
        return this;
    }

    public FlowStory created(String flowType, String name) {
        return created(flowType, name, PLANNING_PHASES);
    }

    public FlowStory created(String flowType, String name, List<PhaseDefinition> phases) {
        return then(new FlowCreated(flowId, new FlowTypeRef(flowType, 1), name, Map.of(), phases, false));
    }

    /**
     * Appends one event naming {@code personalFields} of its payload as the flow does from its definition: the store
     * keeps them sealed with the account's key.
     */
    public FlowStory thenWithPersonal(Object event, String... personalFields) {
        return append(event, Map.of(MetaDataKeys.PERSONAL_FIELDS, List.of(personalFields)));
    }

    /** Appends one event, a second after the previous one unless told otherwise. */
    public FlowStory then(Object event) {
        return append(event, Map.of());
    }

    private FlowStory append(Object event, Map<String, ?> moreMetaData) {
        MetaData metaData = MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, tenant.account().toString())
                .and(MetaDataKeys.ENGAGEMENT_ID, tenant.engagement().toString())
                .and(MetaDataKeys.USER_ID, user)
                .and(MetaDataKeys.CORRELATION_ID, correlationId)
                .and(MetaDataKeys.CAUSATION_ID, UUID.randomUUID().toString())
                .mergedWith(metaDataOverrides)
                .mergedWith(moreMetaData);
        eventStore.publish(new GenericDomainEventMessage<>("Flow", flowId.toString(), nextSequence, event, metaData,
                UUID.randomUUID().toString(), clock));
        nextSequence++;
        clock = clock.plusSeconds(1);
        return this;
    }
}
