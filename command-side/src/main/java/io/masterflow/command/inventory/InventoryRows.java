package io.masterflow.command.inventory;

import java.util.List;

/**
 * An asset inventory, the one large input a phase takes: the input fields that carry it, and how many rows an inline
 * one holds as the asset import reads them: the records of CSV text after its header line (a line break inside quotes
 * is part of a field), or the elements of a JSON array. Counted without reading the rows themselves, so that an
 * inventory over its limit is refused before it is stored.
 */
public final class InventoryRows {

    /** The field of a phase's input that carries an inventory inline (limits: masterflow.limits.inventory-*). */
    public static final String FIELD = "inventory";
    /** The field of a phase's input that names a stored inventory ({@link StoredInventory#reference()}). */
    public static final String REFERENCE_FIELD = "inventoryRef";

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
        RowCounter.Csv counter = new RowCounter.Csv();
        for (int i = 0; i < csv.length(); i++) {
            counter.accept(csv.charAt(i));
        }
        return counter.finish();
    }
}
