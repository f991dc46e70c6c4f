package io.masterflow.command.flow;

import io.masterflow.flowtype.FlowTypeDefinition;
import io.masterflow.flowtype.FlowTypeRegistry;
import io.masterflow.security.Caller;
import io.masterflow.security.EngagementScope;
import io.masterflow.validation.PhaseValidator;
import io.masterflow.validation.ValidatorRegistry;
import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowCreated;
import io.masterflow.events.FlowId;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseName;
import io.masterflow.events.RetryPolicy;
import io.masterflow.events.ValidatorRef;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The cast of the Flow aggregate's stories: one tenant, a three-phase flow type, callers inside and outside. */
final class FlowFixtures {

    static final FlowId FLOW = FlowId.of("0f5c2b1e-8d5a-4f7e-9c1d-3a2b1c0d9e8f");
    static final ClientAccountId ACCOUNT = ClientAccountId.of("a1000000-0000-0000-0000-000000000000");
    static final EngagementId ENGAGEMENT = EngagementId.of("e1000000-0000-0000-0000-000000000000");
    static final EngagementId OTHER_ENGAGEMENT = EngagementId.of("e2000000-0000-0000-0000-000000000000");

    static final PhaseName COLLECT = PhaseName.of("collect");
    static final PhaseName REVIEW = PhaseName.of("review");
    static final PhaseName PUBLISH = PhaseName.of("publish");

    static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1));
    static final List<PhaseDefinition> PHASES = List.of(
            new PhaseDefinition(COLLECT, true, Duration.ofMinutes(5), THREE_ATTEMPTS,
                    List.of(new ValidatorRef("needs-source", Map.of())), "external"),
            new PhaseDefinition(REVIEW, false, null, RetryPolicy.NONE, List.of(), "external"),
            new PhaseDefinition(PUBLISH, true, null, RetryPolicy.NONE, List.of(), "external"));
    static final FlowTypeDefinition REPORTING_V1 = new FlowTypeDefinition("reporting", 1, "test type", PHASES);
    static final FlowTypeDefinition REPORTING_V2 = new FlowTypeDefinition("reporting", 2, "test type, newer", PHASES.subList(0, 1));

    static final Map<String, Object> SOURCE = Map.of("source", "cmdb.csv");
    static final Map<String, Object> CONFIGURATION = Map.of("region", "eu-west");

    private FlowFixtures() {
    }

    static AggregateTestFixture<Flow> fixture() {
        return fixture(RetryJitter.none());
    }

    static AggregateTestFixture<Flow> fixture(RetryJitter jitter) {
        AggregateTestFixture<Flow> fixture = new AggregateTestFixture<>(Flow.class);
        fixture.registerInjectableResource(new FlowTypeRegistry(List.of(REPORTING_V1)));
        fixture.registerInjectableResource(new ValidatorRegistry(List.of(needsSource())));
        fixture.registerInjectableResource(jitter);
        return fixture;
    }

    /** The flow's owner acting: may access the flow's engagement. */
    static Map<String, ?> operator() {
        return new Caller("alice", ACCOUNT, EngagementScope.of(List.of(ENGAGEMENT.toString()))).toMetaData();
    }

    static Map<String, ?> callerOf(ClientAccountId account, String... engagements) {
        return new Caller("mallory", account, EngagementScope.of(List.of(engagements))).toMetaData();
    }

    /** A command as the flow's owner sends it, for the given-commands part of a story. */
    static GenericCommandMessage<?> byOperator(Object command) {
        return new GenericCommandMessage<>(command, operator());
    }

    static MetaData owner() {
        return MetaData.with(MetaDataKeys.CLIENT_ACCOUNT_ID, ACCOUNT.toString())
                .and(MetaDataKeys.ENGAGEMENT_ID, ENGAGEMENT.toString());
    }

    static GenericEventMessage<FlowCreated> created(boolean autoAdvance) {
        return new GenericEventMessage<>(flowCreated(autoAdvance), owner());
    }

    static FlowCreated flowCreated(boolean autoAdvance) {
        return new FlowCreated(FLOW, REPORTING_V1.ref(), "Quarterly report", CONFIGURATION, PHASES, autoAdvance);
    }

    static CreateFlow createFlow(boolean autoAdvance) {
        return new CreateFlow(FLOW, ENGAGEMENT, "reporting", "Quarterly report", CONFIGURATION, autoAdvance);
    }

    private static PhaseValidator needsSource() {
        return new PhaseValidator() {
            @Override
            public String name() {
                return "needs-source";
            }

            @Override
            public void checkParams(Map<String, Object> params) {
            }

            @Override
            public List<String> problems(Map<String, Object> data, Map<String, Object> params) {
                return data.containsKey("source") ? List.of() : List.of("required key 'source' is missing");
            }
        };
    }
}
