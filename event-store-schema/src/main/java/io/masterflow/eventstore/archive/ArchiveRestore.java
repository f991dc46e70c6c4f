package io.masterflow.eventstore.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Puts the events of an archive file (the migration tool's export and archival format, in a directory or a bucket) back
 * into the event store: every event with its own event id, sequence number, type, time, metadata and payload, in the
 * order of the global index it had, under a new global index (the store's next ones, so that the projections see them
 * as new events). A flow that already has events in the store is left as it is and reported: a restore never adds to
 * or changes a flow that is there. All the flows restored go in one transaction: whole or not at all. The one restore
 * of both the migration tool ({@code --restore-archive}) and the command side's admin endpoint.
 */
public final class ArchiveRestore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the restore did. */
    public record Result(String file, int flowsRestored, long eventsRestored, List<String> flowsAlreadyThere) {

        public void print(PrintStream out) {
            out.printf(Locale.ROOT, "restored %s: %d flows, %d events; %d flows already in the store, left as they are%n",
                    file, flowsRestored, eventsRestored, flowsAlreadyThere.size());
            for (String flow : flowsAlreadyThere) {
                out.printf(Locale.ROOT, "  flow %s: already in the store, not restored%n", flow);
            }
        }
    }

    /** The read models' part of a restore: the restored flows' tombstones removed (query migration V16). */
    @FunctionalInterface
    public interface Tombstones {

        /** Removes the flows' tombstones, in the event store's transaction where the read model shares its database. */
        long remove(Connection eventStore, List<String> flowIds) throws SQLException;
    }

    private ArchiveRestore() {
    }

    /**
     * Restores the file's flows; an archived one stops being archived in the same transaction (its {@code archived_flows}
     * row, which refuses appends to its stream, goes), and its read-model tombstone goes too.
     */
    public static Result run(Connection connection, Tombstones readModel, String file, S3Connection s3) throws SQLException, IOException {
        return run(connection, readModel, file, s3, null);
    }

    /**
     * Restores one flow of the file, the others left where they are. An archive that does not hold it is refused
     * ({@link IOException}), nothing restored.
     */
    public static Result runOne(Connection connection, Tombstones readModel, String file, S3Connection s3, String flowId)
            throws SQLException, IOException {
        return run(connection, readModel, file, s3, flowId);
    }

    private static Result run(Connection connection, Tombstones readModel, String file, S3Connection s3, String only)
            throws SQLException, IOException {
        Map<String, List<JsonNode>> flows = new LinkedHashMap<>();
        for (JsonNode event : read(file, s3)) {
            if (only != null && !only.equals(event.path("flowId").asText())) {
                continue;
            }
            List<JsonNode> flow = flows.computeIfAbsent(event.path("flowId").asText(), id -> new ArrayList<>());
            if (event.path("sequenceNumber").asLong() == 0) {
                // a flow archived, restored and archived again is in its day's file twice: the later copy is the whole
                flow.clear();
            }
            flow.add(event);
        }
        if (only != null && flows.isEmpty()) {
            throw new IOException(file + " holds no event of flow " + only + ": not the flow's archive");
        }
        List<JsonNode> events = flows.values().stream().flatMap(List::stream).toList();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<String> there = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE aggregateidentifier = ANY (?) ORDER BY 1")) {
                query.setArray(1, connection.createArrayOf("varchar", flows.keySet().toArray()));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        there.add(result.getString(1));
                    }
                }
            }
            List<String> restoring = flows.keySet().stream().filter(flow -> !there.contains(flow)).toList();
            if (hasArchivedFlows(connection)) {
                try (PreparedStatement unarchive = connection.prepareStatement("DELETE FROM archived_flows WHERE flow_id = ANY (?)")) {
                    unarchive.setArray(1, connection.createArrayOf("varchar", restoring.toArray()));
                    unarchive.executeUpdate();
                }
            }
            long restored = 0;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                                  payloadrevision, payloadtype, timestamp)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                Set<String> left = new HashSet<>(there);
                List<JsonNode> inOrder = events.stream().filter(event -> !left.contains(event.path("flowId").asText()))
                        .sorted(Comparator.comparingLong(event -> event.path("globalIndex").asLong())).toList();
                for (JsonNode event : inOrder) {
                    insert.setString(1, event.path("flowId").asText());
                    insert.setLong(2, event.path("sequenceNumber").asLong());
                    insert.setString(3, text(event, "aggregateType"));
                    insert.setString(4, event.path("eventId").asText());
                    insert.setBytes(5, bytes(event.get("metaData")));
                    insert.setBytes(6, bytes(event.get("payload")));
                    insert.setString(7, text(event, "payloadRevision"));
                    insert.setString(8, event.path("payloadType").asText());
                    insert.setString(9, event.path("timestamp").asText());
                    insert.addBatch();
                    if (++restored % 1_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            readModel.remove(connection, restoring);
            connection.commit();
            return new Result(file, flows.size() - there.size(), restored, there);
        } catch (SQLException | IOException | RuntimeException failure) {
            connection.rollback();
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** An event store of schema 5 or later records archived flows. */
    private static boolean hasArchivedFlows(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass('archived_flows') IS NOT NULL");
             ResultSet result = query.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static List<JsonNode> read(String file, S3Connection s3) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(ArchiveStore.read(file, s3)),
                StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = JSON.readTree(line);
                for (String field : List.of("flowId", "sequenceNumber", "globalIndex", "eventId", "payloadType", "timestamp", "payload")) {
                    if (event.path(field).isMissingNode() || event.path(field).isNull()) {
                        throw new IOException("line " + number + " of " + file + " has no " + field + ": not an archive file");
                    }
                }
                events.add(event);
            }
        }
        return events;
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] bytes(JsonNode json) throws IOException {
        if (json == null || json.isNull()) {
            return null;
        }
        return json.isTextual() ? json.asText().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(json);
    }
}
