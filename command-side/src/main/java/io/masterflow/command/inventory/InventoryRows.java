package io.masterflow.command.inventory;

import java.util.List;

/**
 * An asset inventory, the one large input a phase takes: the input field that carries it, and how many rows it holds
 * as the asset import reads them: the records of CSV text after its header
 * line (a line break inside quotes is part of a field), or the elements of a JSON array. Counted without reading the
 * rows themselves, so that an inventory over its limit is refused before it is stored.
 */
public final class InventoryRows {

    /** The field of a phase's input that carries the inventory (limits: masterflow.limits.inventory-*). */
    public static final String FIELD = "inventory";

    private InventoryRows() {
    }

    /** @return the rows of a CSV text or a list; 0 for anything else (the import refuses it anyway) */
    public static long count(Object inventory) {
        if (inventory instanceof List<?> rows) {
            return rows.size();
        }
        if (!(inventory instanceof String csv)) {
            return 0;
        }
        long records = 0;
        boolean quoted = false;
        boolean recordHasText = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                recordHasText = true;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                if (recordHasText) {
                    records++;
                }
                recordHasText = false;
            } else if (!Character.isWhitespace(c)) {
                recordHasText = true;
            }
        }
        if (recordHasText) {
            records++;
        }
        // the first record is the header line
        return Math.max(0, records - 1);
    }
}
