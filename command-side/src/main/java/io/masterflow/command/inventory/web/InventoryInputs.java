package io.masterflow.command.inventory.web;

import io.masterflow.command.inventory.InventoryFormat;
import io.masterflow.command.inventory.InventoryRows;
import io.masterflow.command.inventory.InventoryStore;
import io.masterflow.command.inventory.StoredInventory;
import io.masterflow.command.inventory.UnreadableInventory;
import io.masterflow.events.EventSerialization;
import io.masterflow.limits.Limits;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A phase input as the flow records it: its inventory is never in the event, only the reference of a stored one
 * ({@value InventoryRows#REFERENCE_FIELD}). An inventory given inline ({@value InventoryRows#FIELD}: CSV text, or a
 * JSON array) is stored on the way in and the input names it instead; a named one must be stored in the caller's
 * account, or it is answered like one that does not exist.
 */
@Component
public class InventoryInputs {

    private static final String FORMAT = "format";

    private final InventoryStore store;
    private final Limits limits;

    public InventoryInputs(InventoryStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** @param field the input's name in the request, for the answer that refuses it */
    public Map<String, Object> recorded(String field, Map<String, Object> input, Caller caller) {
        if (input == null) {
            return null;
        }
        Object inline = input.get(InventoryRows.FIELD);
        Object reference = input.get(InventoryRows.REFERENCE_FIELD);
        if (reference != null) {
            String referenceField = field + "." + InventoryRows.REFERENCE_FIELD;
            if (inline != null) {
                throw new InvalidRequest(referenceField, "an input carries its inventory inline ('" + InventoryRows.FIELD
                        + "') or names a stored one ('" + InventoryRows.REFERENCE_FIELD + "'), not both");
            }
            if (!(reference instanceof String named) || store.find(caller.account(), named).isEmpty()) {
                throw new InvalidRequest(referenceField, "no inventory '" + reference + "' is stored in this account: "
                        + "store it first with POST /api/v1/inventories");
            }
            return input;
        }
        Optional<InventoryFormat> format = inlineFormat(inline, input.get(FORMAT));
        if (format.isEmpty()) {
            // no inventory, or one the import refuses: it fails the phase with its reason, as it always did
            return input;
        }
        StoredInventory stored;
        try {
            stored = store.store(caller.account(), format.get(), limits.of(caller.account()), out -> write(inline, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnreadableInventory unreadable) {
            throw new InvalidRequest(field + "." + InventoryRows.FIELD, unreadable.getMessage());
        }
        Map<String, Object> recorded = new LinkedHashMap<>(input);
        recorded.remove(InventoryRows.FIELD);
        recorded.put(InventoryRows.REFERENCE_FIELD, stored.reference());
        return recorded;
    }

    private static Optional<InventoryFormat> inlineFormat(Object inventory, Object format) {
        Optional<InventoryFormat> named = format == null ? Optional.empty() : InventoryFormat.ofCode(String.valueOf(format));
        if (format != null && named.isEmpty()) {
            return Optional.empty();
        }
        if (inventory instanceof String && named.orElse(InventoryFormat.CSV) == InventoryFormat.CSV) {
            return Optional.of(InventoryFormat.CSV);
        }
        if (inventory instanceof List<?> && named.orElse(InventoryFormat.JSON) == InventoryFormat.JSON) {
            return Optional.of(InventoryFormat.JSON);
        }
        return Optional.empty();
    }

    /** Writes the inline inventory as it would have been sent on its own: streamed, not copied first. */
    private static void write(Object inventory, OutputStream out) throws IOException {
        if (inventory instanceof String csv) {
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            text.write(csv);
            text.flush();
        } else {
            EventSerialization.objectMapper().writeValue(out, inventory);
        }
    }
}
