package io.masterflow.query.web;

import io.masterflow.events.ClientAccountId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Seals a global position (in the event store, in the change log) into a cursor its tenant hands back but cannot read:
 * the gaps between one tenant's positions would count every other tenant's events. AES-GCM under the key of the
 * {@code cursor_key} table, which every query node shares, with the list it was made for and the tenant's account as
 * associated data: a cursor made up, altered, of another list or of another account opens to nothing.
 */
@Component
public class CursorSeal {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<SecretKeySpec> key;

    public CursorSeal(JdbcTemplate jdbc) {
        // read on first use: Flyway makes the table when the context starts, after this bean may have been created
        this.key = SingletonSupplier.of(() -> new SecretKeySpec(
                jdbc.queryForObject("SELECT key_bytes FROM cursor_key", byte[].class), "AES"));
    }

    /** @param list names what the position is a position in, so that a cursor of one list is refused by another */
    public String seal(String list, ClientAccountId account, String position) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, list, account);
            byte[] sealed = cipher.doFinal(position.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a cursor: " + e.getMessage(), e);
        }
    }

    /** The position a cursor of this list and account seals; empty for anything else. */
    public Optional<String> open(String list, ClientAccountId account, String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), list, account);
            return Optional.of(new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (AEADBadTagException notOurs) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a cursor: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String list, ClientAccountId account) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((list + "/" + account).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
