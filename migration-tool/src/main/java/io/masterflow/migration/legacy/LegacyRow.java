package io.masterflow.migration.legacy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a legacy table, every column as read: text, numbers and booleans as such, JSON columns parsed into
 * maps and lists, timestamps as instants. Columns the migration does not know are kept too, so that nothing of the
 * row is lost in the event that records it.
 */
public final class LegacyRow {

    private final LegacyTable table;
    private final Map<String, Object> columns;

    public LegacyRow(LegacyTable table, Map<String, Object> columns) {
        this.table = table;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public LegacyTable table() {
        return table;
    }

    public String id() {
        return text("id");
    }

    public String text(String column) {
        Object value = columns.get(column);
        return value == null ? null : value.toString();
    }

    /** Text with surrounding blanks removed; null for a missing or blank value. */
    public String trimmed(String column) {
        String value = text(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public Instant instant(String column) {
        return columns.get(column) instanceof Instant instant ? instant : null;
    }

    public boolean isTrue(String column) {
        return Boolean.TRUE.equals(columns.get(column));
    }

    /** A JSON column as parsed: a map, a list, a string, a number, a boolean, or null. */
    public Object json(String column) {
        return columns.get(column);
    }

    /** Every column, with timestamps as ISO-8601 text: the form the legacy record keeps in events. */
    public Map<String, Object> asRecord() {
        Map<String, Object> record = new LinkedHashMap<>();
        columns.forEach((column, value) -> record.put(column, value instanceof Instant instant ? instant.toString() : value));
        return record;
    }

    @Override
    public String toString() {
        return table + " " + id();
    }
}
