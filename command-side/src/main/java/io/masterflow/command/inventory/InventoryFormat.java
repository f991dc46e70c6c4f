package io.masterflow.command.inventory;

import java.util.Locale;
import java.util.Optional;

/** How an inventory's bytes are read: CSV text (a header line, then one asset per record) or a JSON array of objects. */
public enum InventoryFormat {

    CSV("text/csv"),
    JSON("application/json");

    private final String mediaType;

    InventoryFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The name inputs, outputs and the store use: {@code csv} or {@code json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InventoryFormat> ofCode(String code) {
        for (InventoryFormat format : values()) {
            if (format.code().equalsIgnoreCase(code)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Counts the rows of this format as its bytes go by, without keeping them. */
    RowCounter rowCounter() {
        return this == CSV ? new RowCounter.Csv() : new RowCounter.Json();
    }
}
