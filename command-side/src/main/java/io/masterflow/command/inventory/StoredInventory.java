package io.masterflow.command.inventory;

import java.util.UUID;

/**
 * An inventory in the store, as a phase input refers to it.
 *
 * @param reference what an input names it by: {@code sha256:} and the hex digest of its bytes (unique within its account)
 * @param parts     the key of its bytes' parts, never shown outside the store
 */
public record StoredInventory(String reference, InventoryFormat format, long bytes, long rows, UUID parts) {
}
