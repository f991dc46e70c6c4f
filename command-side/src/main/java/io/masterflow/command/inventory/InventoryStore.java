package io.masterflow.command.inventory;

import io.masterflow.events.ClientAccountId;
import io.masterflow.limits.AccountLimits;
import io.masterflow.limits.ContentTooLarge;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventories of every account, in the event store's database (tables {@code inventory} and
 * {@code inventory_part}): an inventory's bytes go in as they arrive, one part of at most {@value #PART_BYTES} bytes at
 * a time, hashed (SHA-256), counted and bounded by the account's limits on the way; the import reads them back one
 * part at a time. No more than one part of an inventory is in the heap on either way.
 *
 * <p>Content-addressed per account: the same bytes stored twice by one account are one inventory, under the reference
 * {@code sha256:<hex digest>}. An account finds only its own inventories: another's reference looks like one that
 * does not exist. Nothing is ever deleted: a PhaseStarted event that refers to an inventory may be replayed, and its
 * attempt retried or rewound, as long as the flow's events exist.
 */
@Component
public class InventoryStore {

    static final int PART_BYTES = 1024 * 1024;
    private static final String PREFIX = "sha256:";
    private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{64})");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public InventoryStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Writes an inventory's bytes to the stream it is given; it may be called once. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream store) throws IOException;
    }

    /**
     * Stores what {@code content} writes, all or nothing: bytes over the account's {@code inventory-bytes} or rows over
     * its {@code inventory-rows} stop the writing with {@link ContentTooLarge}, bytes that are not the format with
     * {@link UnreadableInventory}, and no part of them is left behind.
     *
     * @return the stored inventory; the one stored before, when the account sent the same bytes already
     */
    public StoredInventory store(ClientAccountId account, InventoryFormat format, AccountLimits limits, Content content) throws IOException {
        try {
            return transactions.execute(status -> {
                Parts parts = new Parts(UUID.randomUUID(), format.rowCounter(), limits);
                try {
                    content.writeTo(parts);
                    parts.endOfContent();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String digest = HexFormat.of().formatHex(parts.digest.digest());
                int inserted = jdbc.update("""
                                insert into inventory (client_account_id, digest, inventory_id, format, byte_count, row_count, stored_at)
                                values (?, ?, ?, ?, ?, ?, ?) on conflict (client_account_id, digest) do nothing""",
                        account.value(), digest, parts.key, format.code(), parts.bytes, parts.rows, Timestamp.from(clock.instant()));
                if (inserted == 1) {
                    return new StoredInventory(PREFIX + digest, format, parts.bytes, parts.rows, parts.key);
                }
                // the account stored these bytes before: the parts just written are not needed
                status.setRollbackOnly();
                StoredInventory earlier = find(account, PREFIX + digest).orElseThrow();
                if (earlier.format() != format) {
                    throw new UnreadableInventory("these bytes are stored already as a " + earlier.format().code() + " inventory ("
                            + earlier.reference() + "); the same bytes cannot be read as " + format.code() + " too");
                }
                return earlier;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** @return the account's inventory of that reference; empty for another account's, no account's, or a reference of nothing */
    public Optional<StoredInventory> find(ClientAccountId account, String reference) {
        Matcher matcher = REFERENCE.matcher(reference == null ? "" : reference);
        if (account == null || !matcher.matches()) {
            return Optional.empty();
        }
        return jdbc.query("""
                        select digest, inventory_id, format, byte_count, row_count from inventory
                        where client_account_id = ? and digest = ?""",
                (row, index) -> new StoredInventory(PREFIX + row.getString("digest"), InventoryFormat.ofCode(row.getString("format")).orElseThrow(),
                        row.getLong("byte_count"), row.getLong("row_count"), row.getObject("inventory_id", UUID.class)),
                account.value(), matcher.group(1)).stream().findFirst();
    }

    /** The inventory's bytes, read from the database one part at a time as the stream is read. */
    public InputStream open(StoredInventory inventory) {
        return new PartsReader(inventory.parts());
    }

    private final class Parts extends OutputStream {

        private final UUID key;
        private final RowCounter counter;
        private final AccountLimits limits;
        private final MessageDigest digest;
        private final byte[] buffer = new byte[PART_BYTES];
        private int buffered;
        private int written;
        private long bytes;
        private long rows;

        Parts(UUID key, RowCounter counter, AccountLimits limits) {
            this.key = key;
            this.counter = counter;
            this.limits = limits;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            this.bytes += length;
            long limit = limits.inventoryBytes().toBytes();
            if (this.bytes > limit) {
                throw new ContentTooLarge("inventory", "the inventory is larger than the " + limit
                        + " bytes this account may send in one (masterflow.limits.inventory-bytes)");
            }
            while (length > 0) {
                int taken = Math.min(length, buffer.length - buffered);
                System.arraycopy(bytes, offset, buffer, buffered, taken);
                buffered += taken;
                offset += taken;
                length -= taken;
                if (buffered == buffer.length) {
                    writePart();
                }
            }
        }

        void endOfContent() {
            if (buffered > 0) {
                writePart();
            }
            rows = counter.finish();
            checkRows(rows);
        }

        private void writePart() {
            digest.update(buffer, 0, buffered);
            counter.accept(buffer, 0, buffered);
            checkRows(counter.rows());
            int length = buffered;
            jdbc.update("insert into inventory_part (inventory_id, part, content) values (?, ?, ?)", statement -> {
                statement.setObject(1, key);
                statement.setInt(2, written);
                statement.setBinaryStream(3, new ByteArrayInputStream(buffer, 0, length), length);
            });
            written++;
            buffered = 0;
        }

        private void checkRows(long counted) {
            if (counted > limits.inventoryRows()) {
                throw new ContentTooLarge("inventory", "the inventory has more than " + limits.inventoryRows()
                        + " rows, the most this account may send in one (masterflow.limits.inventory-rows)");
            }
        }
    }

    private final class PartsReader extends InputStream {

        private final UUID key;
        private byte[] part = new byte[0];
        private int position;
        private int next;
        private boolean ended;

        PartsReader(UUID key) {
            this.key = key;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            while (position == part.length) {
                if (ended) {
                    return -1;
                }
                List<byte[]> found = jdbc.query("select content from inventory_part where inventory_id = ? and part = ?",
                        (row, index) -> row.getBytes(1), key, next);
                if (found.isEmpty()) {
                    ended = true;
                    part = new byte[0];
                } else {
                    part = found.get(0);
                    next++;
                }
                position = 0;
            }
            int taken = Math.min(length, part.length - position);
            System.arraycopy(part, position, into, offset, taken);
            position += taken;
            return taken;
        }
    }
}
