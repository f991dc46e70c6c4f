package io.masterflow.command.flow;

import io.masterflow.events.FlowCreated;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.PhaseCompleted;
import io.masterflow.events.PhaseDefinition;
import io.masterflow.events.PhaseStarted;
import io.masterflow.events.RetryPolicy;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.masterflow.command.flow.FlowFixtures.*;

/**
 * Which fields of its events a flow names as personal (for them to be stored sealed): those its pinned definition
 * marks on the phase's input or output, and on a phase's input also the previous phase's personal output, which
 * moving on hands over as that input. The values stay plain in the flow: sealing happens as the event is stored.
 */
class FlowPersonalFieldsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final List<PhaseDefinition> PERSONAL_PHASES = List.of(
            new PhaseDefinition(COLLECT, true, null, RetryPolicy.NONE, List.of(), "external",
                    List.of("input.contact", "output.owner.email")),
            new PhaseDefinition(REVIEW, false, null, RetryPolicy.NONE, List.of(), "external", List.of("input.reviewer")),
            new PhaseDefinition(PUBLISH, true, null, RetryPolicy.NONE, List.of(), "external"));
    private static final Map<String, Object> INPUT = Map.of("contact", "jane@example.org", "source", "cmdb.csv");
    private static final Map<String, Object> OUTPUT = Map.of("owner", Map.of("email", "bob@example.org"), "rows", 42);

    private final AggregateTestFixture<Flow> fixture = fixture();

    private static GenericEventMessage<FlowCreated> createdWithPersonalFields(boolean autoAdvance) {
        return new GenericEventMessage<>(new FlowCreated(FLOW, REPORTING_V1.ref(), "Quarterly report", CONFIGURATION,
                PERSONAL_PHASES, autoAdvance), owner());
    }

    @Test
    void starting_a_phase_names_its_personal_input_fields_and_records_the_input_as_given() {
        fixture.givenCurrentTime(T0)
                .andGiven(createdWithPersonalFields(false))
                .when(new StartPhase(FLOW, COLLECT, INPUT, null), operator())
                .expectEventsMatching(Matchers.exactSequenceOf(
                        event(new PhaseStarted(FLOW, COLLECT, 1, INPUT), List.of("input.contact")), Matchers.andNoMore()));
    }

    @Test
    void completing_names_the_personal_output_and_the_next_start_carries_it_over_as_personal_input() {
        fixture.givenCurrentTime(T0)
                .andGiven(createdWithPersonalFields(true), new PhaseStarted(FLOW, COLLECT, 1, INPUT))
                .when(new CompletePhase(FLOW, COLLECT, 1, OUTPUT, null), operator())
                .expectEventsMatching(Matchers.exactSequenceOf(
                        event(new PhaseCompleted(FLOW, COLLECT, 1, OUTPUT, Duration.ZERO), List.of("output.owner.email")),
                        event(new PhaseStarted(FLOW, REVIEW, 1, OUTPUT), List.of("input.reviewer", "input.owner.email")),
                        Matchers.andNoMore()));
    }

    @Test
    void a_phase_with_nothing_personal_names_nothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(created(false))
                .when(new StartPhase(FLOW, COLLECT, SOURCE, null), operator())
                .expectEventsMatching(Matchers.exactSequenceOf(
                        event(new PhaseStarted(FLOW, COLLECT, 1, SOURCE), null), Matchers.andNoMore()));
    }

    /** An event with this payload, naming these personal fields in its metadata (null: naming none). */
    private static Matcher<EventMessage<?>> event(Object payload, List<String> personalFields) {
        return Matchers.predicate(message -> payload.equals(message.getPayload())
                && java.util.Objects.equals(personalFields, message.getMetaData().get(MetaDataKeys.PERSONAL_FIELDS)));
    }
}
