package io.masterflow.web;

/** A request the API refuses before any command is sent (400), naming the field at fault. */
public class InvalidRequest extends RuntimeException {

    private final String field;

    public InvalidRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
