package io.masterflow.events.personal;

import io.masterflow.events.MetaDataKeys;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The personal values of an event's metadata, sealed on the way into the event store and opened on the way out.
 *
 * <p>A sealed value ({@link SealedText}) is sealed with the key of the user within the event's account
 * ({@link SubjectKeys}). Opened with its key present, it is the value written; with its key erased it reads
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

    private final SubjectKeys keys;

    public PersonalMetaData(SubjectKeys keys) {
        this.keys = keys;
    }

    /** Whether {@code value} is sealed (written by {@link #sealed}). */
    public static boolean isSealed(Object value) {
        return SealedText.isSealed(value);
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
        return SealedText.open(value, keys, null);
    }

    private static String seal(String value, SubjectKeys.SubjectKey key) {
        return SealedText.seal(value, key, null);
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
