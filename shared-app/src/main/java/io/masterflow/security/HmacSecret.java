package io.masterflow.security;

import java.nio.charset.StandardCharsets;

/** The HS256 signing secret: its UTF-8 bytes, at least 32 of them as the algorithm requires. */
final class HmacSecret {

    static final int MIN_BYTES = 32;

    private HmacSecret() {
    }

    static byte[] bytes(String secret) {
        byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("masterflow.security.jwt.secret must be at least " + MIN_BYTES
                    + " bytes for HS256; it has " + bytes.length);
        }
        return bytes;
    }
}
