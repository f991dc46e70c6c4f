package io.masterflow.events.personal;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * The event store's serializer: the masterflow JSON serializer, with the personal values of every event's metadata
 * sealed when it is written and opened when it is read ({@link PersonalMetaData}), and the sealed personal fields of
 * payloads opened when they are read ({@link PersonalPayload}; they are sealed before, by {@link PersonalPayloadSealing},
 * since which fields are personal is in the event's metadata, which a payload is serialized without). Every writer and reader of the
 * store (the command side, the query side's projections, history and rebuilds, the migration tool) serializes
 * events with it, so there is one place where personal data is sealed and one where it is opened.
 */
public final class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final PersonalMetaData personal;
    private final PersonalPayload payloads;

    public PersonalDataSerializer(Serializer delegate, PersonalMetaData personal, PersonalPayload payloads) {
        this.delegate = delegate;
        this.personal = personal;
        this.payloads = payloads;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return delegate.serialize(object instanceof MetaData metaData ? personal.sealed(metaData) : object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        T object = delegate.deserialize(serializedObject);
        return object instanceof MetaData metaData ? (T) personal.opened(metaData) : (T) payloads.opened(object);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
