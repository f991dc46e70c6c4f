package io.masterflow.events.personal;

import io.masterflow.events.MetaDataKeys;
import org.axonframework.messaging.MetaData;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The personal values of an event's metadata, sealed on the way into the event store and opened on the way out.
 *
 * <p>A sealed value reads {@code enc:v1:<key id>:<base64url(iv | AES-GCM ciphertext and tag)>}: the key is the one of
 * the user within the event's account ({@link SubjectKeys}), the IV random, and the key id is bound into the tag as
 * associated data. Opened with its key present, it is the value written; with its key erased it reads
 * {@value #ERASED}. A value that is not sealed (an event stored before sealing existed) reads as it is stored.
 *
 * <p>The account and engagement stay readable: they are the tenant's keys, which routing and tenant scoping need,
 * not a person's data.
 */
public final class PersonalMetaData {

    /** What a personal value reads once its subject is erased. */
    public static final String ERASED = "[erased]";
    /** The metadata entries holding a person's data. */
    public static final Set<String> PERSONAL_KEYS = Set.of(MetaDataKeys.USER_ID);

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_ID_LENGTH = 36;

    private final SubjectKeys keys;
    private final SecureRandom random = new SecureRandom();

    public PersonalMetaData(SubjectKeys keys) {
        this.keys = keys;
    }

    /** Whether {@code value} is sealed (written by {@link #sealed}). */
    public static boolean isSealed(Object value) {
        return value instanceof String text && text.startsWith(PREFIX);
    }

    /** The metadata with its personal values sealed with the key of its user within its account. */
    public MetaData sealed(MetaData metaData) {
        Map<String, Object> sealed = null;
        for (String name : PERSONAL_KEYS) {
            Object value = metaData.get(name);
            if (!(value instanceof String text) || isSealed(text)) {
                continue;
            }
            if (sealed == null) {
                sealed = new HashMap<>(metaData);
            }
            Object user = metaData.get(MetaDataKeys.USER_ID);
            sealed.put(name, seal(text, keys.keyOf(account(metaData), user == null ? text : user.toString())));
        }
        return sealed == null ? metaData : MetaData.from(sealed);
    }

    /** The metadata with its sealed values opened, or {@value #ERASED} where their key is gone. */
    public MetaData opened(MetaData metaData) {
        Map<String, Object> opened = null;
        for (String name : PERSONAL_KEYS) {
            Object value = metaData.get(name);
            if (!isSealed(value)) {
                continue;
            }
            if (opened == null) {
                opened = new HashMap<>(metaData);
            }
            opened.put(name, open((String) value));
        }
        return opened == null ? metaData : MetaData.from(opened);
    }

    /** A sealed value opened, {@value #ERASED} when its key is gone; any other value as it is. */
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        String rest = value.substring(PREFIX.length());
        if (rest.length() <= KEY_ID_LENGTH || rest.charAt(KEY_ID_LENGTH) != ':') {
            return ERASED;
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(rest.substring(0, KEY_ID_LENGTH));
        } catch (IllegalArgumentException malformed) {
            return ERASED;
        }
        Optional<SecretKey> secret = keys.secret(keyId);
        if (secret.isEmpty()) {
            return ERASED;
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(rest.substring(KEY_ID_LENGTH + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret.get(), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(keyId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException damaged) {
            // not sealed by this key (or altered since): there is nothing readable to show
            return ERASED;
        }
    }

    private String seal(String value, SubjectKeys.SubjectKey key) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(key.id().toString().getBytes(StandardCharsets.US_ASCII));
            byte[] ciphertext = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[IV_BYTES + ciphertext.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(ciphertext, 0, sealed, IV_BYTES, ciphertext.length);
            return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static UUID account(MetaData metaData) {
        Object account = metaData.get(MetaDataKeys.CLIENT_ACCOUNT_ID);
        if (account == null) {
            return null;
        }
        try {
            return UUID.fromString(account.toString());
        } catch (IllegalArgumentException notAnAccount) {
            return null;
        }
    }
}
