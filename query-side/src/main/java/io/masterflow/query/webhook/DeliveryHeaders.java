package io.masterflow.query.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a delivery's attempt. The signature is an HMAC-SHA256, keyed with the webhook's secret, of the
 * attempt's timestamp, a dot and the raw body: a receiver that recomputes it knows the body came from us unchanged,
 * and one that also refuses old timestamps cannot be fed a recorded delivery again (the timestamp is signed, so it
 * cannot be refreshed). The delivery id is the same on every attempt, for receivers to drop a repeat.
 */
public final class DeliveryHeaders {

    public static final String DELIVERY = "X-Masterflow-Delivery";
    public static final String EVENT = "X-Masterflow-Event";
    public static final String WEBHOOK = "X-Masterflow-Webhook";
    /** Seconds since the epoch when the attempt was made. */
    public static final String TIMESTAMP = "X-Masterflow-Timestamp";
    /** {@code sha256=<lower-case hex of HMAC-SHA256(secret, timestamp + "." + body)>} */
    public static final String SIGNATURE = "X-Masterflow-Signature";

    private DeliveryHeaders() {
    }

    public static Map<String, String> of(DueDelivery delivery, Instant at) {
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DELIVERY, delivery.deliveryId().toString());
        headers.put(EVENT, delivery.eventType());
        headers.put(WEBHOOK, delivery.webhookId().toString());
        headers.put(TIMESTAMP, Long.toString(timestamp));
        headers.put(SIGNATURE, signature(delivery.secret(), timestamp, delivery.body()));
        return headers;
    }

    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
