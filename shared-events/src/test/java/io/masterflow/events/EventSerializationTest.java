package io.masterflow.events;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventSerializationTest {

    private static final JacksonSerializer SERIALIZER = EventSerialization.serializer();
    private static final FlowId FLOW = FlowId.of("7d1c1a8e-3c39-4a43-9b43-2f3f6b0f5a11");
    private static final PhaseName IMPORT = PhaseName.of("data_import");
    private static final PhaseDefinition PHASE = new PhaseDefinition(IMPORT, true, Duration.ofMinutes(30),
            new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5)),
            List.of(new ValidatorRef("required-keys", Map.of("keys", List.of("source")))), "asset-import");

    static Stream<Object> everyEvent() {
        Map<String, Object> nested = Map.of("source", "cmdb.csv", "rows", 42, "ok", true,
                "tags", List.of("a", "b"), "limits", Map.of("max", 1.5));
        return Stream.of(
                new FlowCreated(FLOW, new FlowTypeRef("discovery", 2), "Datacenter East", nested, List.of(PHASE), true),
                new PhaseStarted(FLOW, IMPORT, 1, nested),
                new PhaseCompleted(FLOW, IMPORT, 2, nested, Duration.ofMillis(1234)),
                new PhaseFailed(FLOW, IMPORT, 1, "agent timeout", true, Instant.parse("2025-03-02T08:10:00Z")),
                new PhaseFailed(FLOW, IMPORT, 3, "bad input", false, null),
                new PhaseSkipped(FLOW, IMPORT, "not needed"),
                new FlowPaused(FLOW, "waiting for the client"),
                new FlowResumed(FLOW, null),
                new FlowCompleted(FLOW),
                new FlowFailed(FLOW, IMPORT, "agent timeout"),
                new FlowDeleted(FLOW, "duplicate"),
                new AssetsDiscovered(FLOW, IMPORT, List.of(new DiscoveredAsset("web-01", "web-01", "server", Map.of("os", "RHEL 8")))),
                new AssetValidated(FLOW, "web-01", AssetValidated.Verdict.VALIDATED, "checked"),
                new LegacyFlowImported(FLOW, new FlowTypeRef("discovery", 1), "Datacenter East", nested, List.of(PHASE),
                        FlowStatus.RUNNING, "in_progress", "20000000-0000-0000-0000-000000000001",
                        "crewai_flow_state_extensions", Instant.parse("2025-03-01T08:59:00Z"), nested));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void every_event_survives_a_round_trip_through_the_stored_form(Object event) {
        SerializedObject<byte[]> stored = SERIALIZER.serialize(event, byte[].class);

        Object read = SERIALIZER.deserialize(stored);

        assertThat(read).isEqualTo(event);
        assertThat(stored.getType().getName()).isEqualTo(event.getClass().getName());
    }

    @Test
    void value_types_are_stored_as_plain_json_values() {
        String json = new String(SERIALIZER.serialize(new PhaseStarted(FLOW, IMPORT, 1, Map.of()), byte[].class).getData());

        assertThat(json).contains("\"flowId\":\"7d1c1a8e-3c39-4a43-9b43-2f3f6b0f5a11\"", "\"phase\":\"data_import\"");
    }

    @Test
    void a_field_added_by_a_newer_version_is_ignored_by_an_older_reader() {
        byte[] newer = "{\"flowId\":\"7d1c1a8e-3c39-4a43-9b43-2f3f6b0f5a11\",\"reason\":\"r\",\"pausedBy\":\"someone\"}".getBytes();

        FlowPaused read = SERIALIZER.getObjectMapper().convertValue(
                readTree(newer), FlowPaused.class);

        assertThat(read).isEqualTo(new FlowPaused(FLOW, "r"));
    }

    @Test
    void derived_flow_ids_are_stable_and_distinct() {
        assertThat(FlowId.derivedFrom("a/e/key-1")).isEqualTo(FlowId.derivedFrom("a/e/key-1"));
        assertThat(FlowId.derivedFrom("a/e/key-1")).isNotEqualTo(FlowId.derivedFrom("a/e/key-2"));
        assertThat(UUID.fromString(FlowId.derivedFrom("x").toString()).version()).isEqualTo(3);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
        try {
            return SERIALIZER.getObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
