package io.masterflow.migration.retention;

import io.masterflow.eventstore.archive.ArchiveStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the events of the flows the retention rules would archive to gzipped JSONL files, one file per account and
 * UTC day of the flows' last activity ({@code ACCOUNT/YYYY-MM-DD.jsonl.gz} in a directory or under an S3 prefix,
 * {@code none} for flows without an account), one line per event in the flow's order, flows one after the other. Reads
 * the event store only: the flows stay where they are. Each file becomes visible whole ({@link ArchiveStore#create}),
 * so a file is either complete or absent, and a second export of the same rules and time writes the same files again.
 */
public final class ArchiveExport {

    /** Where the flows with no account in their first event's metadata go. */
    static final String NO_ACCOUNT = "none";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file written. */
    public record ArchiveFile(String name, long flows, long events) {
    }

    /** What the export wrote. */
    public record Result(Instant asOf, RetentionRules rules, String location, List<ArchiveFile> files) {

        public long flows() {
            return files.stream().mapToLong(ArchiveFile::flows).sum();
        }

        public long events() {
            return files.stream().mapToLong(ArchiveFile::events).sum();
        }

        public void print(PrintStream out) {
            out.printf(Locale.ROOT, "retention export as of %s, rules %s: %d flows, %d events written to %d files in %s "
                    + "(the event store was not changed)%n", asOf, rules.describe(), flows(), events(), files.size(), location);
            for (ArchiveFile file : files) {
                out.printf(Locale.ROOT, "  %s: %d flows, %d events%n", file.name(), file.flows(), file.events());
            }
        }
    }

    private ArchiveExport() {
    }

    /** One pass over the store, in one read-only transaction (so the files hold one consistent moment of it). */
    public static Result run(Connection connection, RetentionRules rules, Instant asOf, ArchiveStore store) throws SQLException {
        String sql = RetentionDryRun.ELIGIBLE + """
                SELECT coalesce(eligible.account_id, '%s'), to_char(eligible.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                       e.aggregateidentifier, e.sequencenumber, e.globalindex, e.eventidentifier, e.type, e.payloadtype,
                       e.payloadrevision, e.timestamp, convert_from(e.metadata, 'UTF8'), convert_from(e.payload, 'UTF8')
                FROM eligible JOIN domainevententry e ON e.aggregateidentifier = eligible.flow_id
                ORDER BY 1, 2, e.aggregateidentifier, e.sequencenumber""".formatted(NO_ACCOUNT);
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            RetentionDryRun.bind(query, rules, asOf);
            query.setFetchSize(1_000);
            List<ArchiveFile> files = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                Writer writer = null;
                while (result.next()) {
                    String account = result.getString(1);
                    String day = result.getString(2);
                    if (writer == null || !writer.account.equals(account) || !writer.day.equals(day)) {
                        if (writer != null) {
                            files.add(writer.close());
                        }
                        writer = new Writer(store, account, day);
                    }
                    writer.write(result);
                }
                if (writer != null) {
                    files.add(writer.close());
                }
            }
            connection.commit();
            return new Result(asOf, rules, store.location(), files);
        } catch (IOException failure) {
            throw new UncheckedIOException("could not write the archive in " + store.location() + ": " + failure.getMessage(), failure);
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setReadOnly(false);
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * One event as an archive line, from a row holding, from column {@code first} on: flow id, sequence number, global
     * index, event id, aggregate type, payload type, payload revision, timestamp, metadata and payload as text.
     */
    static ObjectNode line(ResultSet event, int first) throws SQLException {
        ObjectNode line = JSON.createObjectNode();
        line.put("flowId", event.getString(first));
        line.put("sequenceNumber", event.getLong(first + 1));
        line.put("globalIndex", event.getLong(first + 2));
        line.put("eventId", event.getString(first + 3));
        line.put("aggregateType", event.getString(first + 4));
        line.put("payloadType", event.getString(first + 5));
        line.put("payloadRevision", event.getString(first + 6));
        line.put("timestamp", event.getString(first + 7));
        line.set("metaData", json(event.getString(first + 8)));
        line.set("payload", json(event.getString(first + 9)));
        return line;
    }

    static String text(ObjectNode line) throws JsonProcessingException {
        return JSON.writeValueAsString(line);
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(text);
        }
    }

    /** The file of one account and day, visible once it is whole. */
    private static final class Writer {

        final String account;
        final String day;
        private final ArchiveStore.WholeFile file;
        private final BufferedWriter out;
        private String flow;
        private long flows;
        private long events;

        Writer(ArchiveStore store, String account, String day) throws IOException {
            this.account = account;
            this.day = day;
            if (!account.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IOException("an account id that cannot name a folder: " + account);
            }
            this.file = store.create(account, day);
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(file.out(), 64 * 1024), StandardCharsets.UTF_8));
        }

        void write(ResultSet event) throws SQLException, IOException {
            String flowId = event.getString(3);
            if (!Objects.equals(flowId, flow)) {
                flow = flowId;
                flows++;
            }
            ObjectNode line = line(event, 3);
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
            events++;
        }

        ArchiveFile close() throws IOException {
            out.close();
            file.finish();
            return new ArchiveFile(file.name(), flows, events);
        }
    }
}
