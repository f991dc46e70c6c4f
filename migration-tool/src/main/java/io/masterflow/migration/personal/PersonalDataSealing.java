package io.masterflow.migration.personal;

import io.masterflow.events.EventSerialization;
import io.masterflow.events.MetaDataKeys;
import io.masterflow.events.personal.ConnectionSource;
import io.masterflow.events.personal.SubjectKeys;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The upgrade step for events stored before personal data was sealed (docs/retention.md, "Erasure"): every event whose
 * metadata holds a plain {@code userId} gets its metadata rewritten with the user sealed, exactly as the command side
 * writes it today. Only the metadata changes; the event's payload, ids, sequence and time stay as they are.
 *
 * <p>Batches of events in one transaction each, in the order of the store; an interrupted run is simply run again (a
 * sealed value is never sealed twice), and so is a run over a store sealed already, which changes nothing.
 */
public final class PersonalDataSealing {

    /** The outcome: how many events were rewritten, and in how many transactions. */
    public record Sealed(long events, int batches) {

        public void print(PrintStream out) {
            out.println("sealed the user of " + events + " events stored before sealing existed, in " + batches
                    + " transactions; events sealed already were left as they are");
        }
    }

    private static final String PLAIN_USER = """
            SELECT globalindex, metadata FROM domainevententry
            WHERE globalindex > ?
              AND convert_from(metadata, 'UTF8')::jsonb ->> '%s' IS NOT NULL
              AND convert_from(metadata, 'UTF8')::jsonb ->> '%s' NOT LIKE 'enc:v1:%%'
            ORDER BY globalindex LIMIT ? FOR UPDATE""".formatted(MetaDataKeys.USER_ID, MetaDataKeys.USER_ID);

    private PersonalDataSealing() {
    }

    /**
     * @param connection    the event store, in a transaction of this method's (auto-commit off)
     * @param keyConnections where the users' keys are created: committed before the batch that first uses them
     */
    public static Sealed run(Connection connection, ConnectionSource keyConnections, int batchSize) throws SQLException {
        Serializer plain = EventSerialization.serializer();
        // the tool is the only writer of these rows while it runs: a key may stay cached for the whole run
        Serializer sealing = EventSerialization.storageSerializer(new SubjectKeys(keyConnections, Duration.ofDays(1)));
        connection.setAutoCommit(false);
        long after = -1;
        long events = 0;
        int batches = 0;
        while (true) {
            int inBatch = 0;
            try (PreparedStatement select = connection.prepareStatement(PLAIN_USER);
                 PreparedStatement update = connection.prepareStatement("UPDATE domainevententry SET metadata = ? WHERE globalindex = ?")) {
                select.setLong(1, after);
                select.setInt(2, batchSize);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        MetaData metaData = plain.deserialize(new SimpleSerializedObject<>(rows.getBytes(2), byte[].class,
                                MetaData.class.getName(), null));
                        update.setBytes(1, sealing.serialize(metaData, byte[].class).getData());
                        update.setLong(2, after);
                        update.addBatch();
                        inBatch++;
                    }
                }
                if (inBatch == 0) {
                    connection.commit();
                    return new Sealed(events, batches);
                }
                update.executeBatch();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            connection.commit();
            events += inBatch;
            batches++;
        }
    }
}
