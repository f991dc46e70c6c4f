package io.masterflow.events.personal;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * One text sealed with a subject's key: {@code enc:v1:<key id>:<base64url(iv | AES-GCM ciphertext and tag)>}, a random
 * IV per value, the key id (and, for a value of an event's payload, the flow it belongs to) bound into the tag as
 * associated data. The one cipher of both the metadata ({@link PersonalMetaData}) and the payloads
 * ({@link PersonalPayload}).
 */
final class SealedText {

    static final String PREFIX = "enc:v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_ID_LENGTH = 36;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedText() {
    }

    static boolean isSealed(Object value) {
        return value instanceof String text && text.startsWith(PREFIX);
    }

    /**
     * @param boundTo what else the value belongs to, bound into the tag so that the value opens there only; null for
     *                the key alone
     */
    static String seal(String value, SubjectKeys.SubjectKey key, String boundTo) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(key.id(), boundTo));
            byte[] ciphertext = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[IV_BYTES + ciphertext.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(ciphertext, 0, sealed, IV_BYTES, ciphertext.length);
            return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * A sealed value opened, {@value PersonalMetaData#ERASED} when its key is gone or it was not sealed for
     * {@code boundTo} (altered, or copied from elsewhere); any other value as it is.
     */
    static String open(String value, SubjectKeys keys, String boundTo) {
        if (!isSealed(value)) {
            return value;
        }
        String rest = value.substring(PREFIX.length());
        if (rest.length() <= KEY_ID_LENGTH || rest.charAt(KEY_ID_LENGTH) != ':') {
            return PersonalMetaData.ERASED;
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(rest.substring(0, KEY_ID_LENGTH));
        } catch (IllegalArgumentException malformed) {
            return PersonalMetaData.ERASED;
        }
        Optional<SecretKey> secret = keys.secret(keyId);
        if (secret.isEmpty()) {
            return PersonalMetaData.ERASED;
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(rest.substring(KEY_ID_LENGTH + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret.get(), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(associatedData(keyId, boundTo));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException damaged) {
            // not sealed by this key for this place (or altered since): there is nothing readable to show
            return PersonalMetaData.ERASED;
        }
    }

    private static byte[] associatedData(UUID keyId, String boundTo) {
        // the metadata's values were sealed with the key id alone before payloads were sealed: they stay readable
        String data = boundTo == null ? keyId.toString() : keyId + "|" + boundTo;
        return data.getBytes(StandardCharsets.UTF_8);
    }
}
