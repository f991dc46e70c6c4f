package io.masterflow.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.masterflow.events.personal.PersonalDataSerializer;
import io.masterflow.events.personal.PersonalMetaData;
import io.masterflow.events.personal.PersonalPayload;
import io.masterflow.events.personal.SubjectKeys;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one JSON configuration for everything masterflow stores: events, metadata, snapshots, tokens.
 * Every module builds its serializer here, so that what one writes the others can read.
 */
public final class EventSerialization {

    private EventSerialization() {
    }

    public static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                // events gain fields over time; an old reader must not choke on a newer event
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public static JacksonSerializer serializer() {
        return new ClassCachingSerializer(JacksonSerializer.builder().objectMapper(objectMapper()));
    }

    /**
     * The serializer of the event store: {@link #serializer()}, with the personal values of every event's metadata
     * sealed with their subject's key on the way in and opened (or read as erased) on the way out, and the sealed
     * personal fields of phases' input and output opened on the way out.
     */
    public static Serializer storageSerializer(SubjectKeys keys) {
        return new PersonalDataSerializer(serializer(), new PersonalMetaData(keys), new PersonalPayload(keys));
    }

    /**
     * Axon's serializer looks up the class of every message's payload and metadata by name (Class.forName), a fifth
     * of what reading an event costs; the classes found are remembered. A name not found is asked again each time,
     * as Axon does, so a class that arrives later (an upcaster's target, a newer module) is still found.
     */
    private static final class ClassCachingSerializer extends JacksonSerializer {

        private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

        ClassCachingSerializer(JacksonSerializer.Builder builder) {
            super(builder);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            Class<?> known = classes.get(type.getName());
            if (known != null) {
                return known;
            }
            Class<?> found = super.classForType(type);
            if (found != UnknownSerializedType.class && found != Void.class) {
                classes.put(type.getName(), found);
            }
            return found;
        }
    }
}
