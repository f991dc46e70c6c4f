package io.masterflow.query.webhook;

/** A receiver URL a webhook may not have; the message says why. */
public class InvalidReceiver extends RuntimeException {

    public InvalidReceiver(String message) {
        super(message);
    }
}
