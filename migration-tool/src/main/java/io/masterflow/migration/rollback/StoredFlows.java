package io.masterflow.migration.rollback;

import io.masterflow.events.MetaDataKeys;
import io.masterflow.migration.store.EventStoreTarget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads, never writes: which flows hold a run's events, and every event of some flows with the run that appended it. */
final class StoredFlows {

    /** How many events and flows one run holds in the store. */
    record RunCount(long flows, long events) {
    }

    private StoredFlows() {
    }

    /**
     * The flows holding events the stamp covers, in id order, one pass over the store; {@code runs} receives the flows
     * and events of each run found.
     */
    static List<String> inScope(Connection connection, RunStamp stamp, Map<String, RunCount> runs) throws SQLException {
        List<String> flows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT aggregateidentifier, " + RunStamp.RUN_OF_EVENT
                + ", count(*) FROM domainevententry WHERE " + stamp.condition() + " GROUP BY 1, 2 ORDER BY 1, 2")) {
            stamp.bind(query, 1);
            query.setFetchSize(10_000);
            try (ResultSet result = query.executeQuery()) {
                String last = null;
                while (result.next()) {
                    String flow = result.getString(1);
                    if (!flow.equals(last)) {
                        flows.add(flow);
                        last = flow;
                    }
                    runs.merge(result.getString(2), new RunCount(1, result.getLong(3)),
                            (a, b) -> new RunCount(a.flows() + b.flows(), a.events() + b.events()));
                }
            }
        }
        return flows;
    }

    /**
     * Every event of these flows, in sequence order, with the run that appended it.
     *
     * @param lock lock the rows until the transaction ends, so that nothing changes them between reading and deleting
     */
    static Map<String, FlowEvents> events(Connection connection, List<String> flowIds, boolean lock) throws SQLException {
        Map<String, List<FlowEvents.Event>> events = new LinkedHashMap<>();
        Map<String, String> legacyFlowIds = new LinkedHashMap<>();
        Map<String, String> accounts = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT aggregateidentifier, sequencenumber, payloadtype, "
                + RunStamp.RUN_OF_EVENT + ", convert_from(metadata, 'UTF8')::jsonb ->> '" + EventStoreTarget.LEGACY_FLOW_ID + "', "
                + "convert_from(metadata, 'UTF8')::jsonb ->> '" + MetaDataKeys.CLIENT_ACCOUNT_ID + "' "
                + "FROM domainevententry WHERE aggregateidentifier = ANY (?) ORDER BY aggregateidentifier, sequencenumber"
                + (lock ? " FOR UPDATE" : ""))) {
            query.setArray(1, connection.createArrayOf("varchar", flowIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    String flow = result.getString(1);
                    events.computeIfAbsent(flow, id -> new ArrayList<>())
                            .add(new FlowEvents.Event(result.getLong(2), result.getString(3), result.getString(4)));
                    if (result.getString(5) != null) {
                        legacyFlowIds.putIfAbsent(flow, result.getString(5));
                    }
                    if (result.getString(6) != null) {
                        accounts.putIfAbsent(flow, result.getString(6));
                    }
                }
            }
        }
        Map<String, FlowEvents> flows = new LinkedHashMap<>();
        events.forEach((flow, list) -> flows.put(flow, new FlowEvents(flow, legacyFlowIds.get(flow), accounts.get(flow), list)));
        return flows;
    }
}
