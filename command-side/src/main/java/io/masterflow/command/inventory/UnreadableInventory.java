package io.masterflow.command.inventory;

/** Bytes sent as an inventory that cannot be one in the format they claim (a JSON body that is no array, ...). */
public class UnreadableInventory extends RuntimeException {

    public UnreadableInventory(String message) {
        super(message);
    }
}
