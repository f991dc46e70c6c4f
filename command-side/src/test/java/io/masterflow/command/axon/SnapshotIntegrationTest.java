package io.masterflow.command.axon;

import io.masterflow.testsupport.Api;
import io.masterflow.command.flow.Flow;
import io.masterflow.command.support.IntegrationTest;
import io.masterflow.events.EventSerialization;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A long flow is snapshotted, and a flow loaded from its snapshot behaves like one replayed from the start. */
class SnapshotIntegrationTest extends IntegrationTest {

    @Test
    void a_flow_past_the_snapshot_threshold_is_snapshotted_and_goes_on_from_the_snapshot() {
        String flow = createFlow("discovery", false);
        for (int i = 0; i < 30; i++) {
            assertThat(api.post("/api/v1/flows/" + flow + "/pause", Map.of()).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/flows/" + flow + "/resume", Map.of()).status()).isEqualTo(200);
        }

        Long snapshots = jdbc.queryForObject("select count(*) from snapshotevententry where aggregateidentifier = ?", Long.class, flow);
        Api.Response started = api.post("/api/v1/flows/" + flow + "/execute", Map.of("input", Map.of("source", "x")));
        Api.Response resumedTwice = api.post("/api/v1/flows/" + flow + "/resume", Map.of());

        assertThat(snapshots).isEqualTo(1);
        assertThat(storedSnapshot(flow)).isInstanceOf(Flow.class).extracting("flowId").hasToString(flow);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.text("phase")).isEqualTo("data_import");
        assertThat(started.number("version")).isEqualTo(61);
        assertThat(resumedTwice.status()).isEqualTo(409);
    }

    private Object storedSnapshot(String flow) {
        Map<String, Object> row = jdbc.queryForMap(
                "select payload, payloadtype, payloadrevision from snapshotevententry where aggregateidentifier = ?", flow);
        return EventSerialization.serializer().deserialize(new SimpleSerializedObject<>((byte[]) row.get("payload"), byte[].class,
                (String) row.get("payloadtype"), (String) row.get("payloadrevision")));
    }
}
