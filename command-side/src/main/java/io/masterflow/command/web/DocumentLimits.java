package io.masterflow.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.command.inventory.InventoryRows;
import io.masterflow.events.EventSerialization;
import io.masterflow.limits.AccountLimits;
import io.masterflow.limits.ContentTooLarge;
import io.masterflow.limits.Limits;
import io.masterflow.security.Caller;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents a command carries into an event (a configuration, an input, an output) are bounded by their
 * account's {@code masterflow.limits.document}, as the event will store them: an event is loaded with its flow and kept
 * in the flow cache, so a few large ones would fill the heap. An input's {@code inventory} is the one large input and
 * is bounded instead by {@code inventory-bytes} (the body's limit) and {@code inventory-rows}.
 */
@Component
public class DocumentLimits {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private static final String INVENTORY = InventoryRows.FIELD;

    private final Limits limits;

    public DocumentLimits(Limits limits) {
        this.limits = limits;
    }

    public void check(String field, Map<String, Object> document, Caller caller) {
        check(field, document, limits.of(caller.account()));
    }

    /** The assets a worker reports it discovered: an inventory, bounded by its rows. */
    public void checkDiscoveredAssets(String field, List<?> assets, Caller caller) {
        AccountLimits account = limits.of(caller.account());
        if (assets != null && assets.size() > account.inventoryRows()) {
            throw new ContentTooLarge(field, "the report has " + assets.size() + " assets; this account may report at most "
                    + account.inventoryRows() + " at once (masterflow.limits.inventory-rows)");
        }
    }

    /** A phase's input: its inventory, if it has one, is counted apart from the rest. */
    public void checkInput(String field, Map<String, Object> input, Caller caller) {
        if (input == null) {
            return;
        }
        AccountLimits account = limits.of(caller.account());
        Object inventory = input.get(INVENTORY);
        if (inventory != null) {
            long rows = InventoryRows.count(inventory);
            if (rows > account.inventoryRows()) {
                throw new ContentTooLarge(field + "." + INVENTORY, "the inventory has " + rows + " rows; this account may send at most "
                        + account.inventoryRows() + " in one (masterflow.limits.inventory-rows)");
            }
            Map<String, Object> rest = new LinkedHashMap<>(input);
            rest.remove(INVENTORY);
            input = rest;
        }
        check(field, input, account);
    }

    private static void check(String field, Map<String, Object> document, AccountLimits account) {
        if (document == null) {
            return;
        }
        long limit = account.document().toBytes();
        BoundedCount count = new BoundedCount(limit);
        try {
            JSON.writeValue(count, document);
        } catch (DocumentTooLarge tooLarge) {
            throw new ContentTooLarge(field, "'" + field + "' is larger than the " + limit + " bytes of JSON this account may send "
                    + "in one (masterflow.limits.document)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class DocumentTooLarge extends IOException {
    }

    /** Counts what is written, and stops the writing as soon as it passes the limit. */
    private static final class BoundedCount extends OutputStream {

        private final long limit;
        private long written;

        BoundedCount(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            written(1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            written(length);
        }

        private void written(int bytes) throws DocumentTooLarge {
            written += bytes;
            if (written > limit) {
                throw new DocumentTooLarge();
            }
        }
    }
}
