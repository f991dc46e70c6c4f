package io.masterflow.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every text of every JSON request body, however deep (the strings and keys of a configuration included), is checked
 * for control characters once the body is read, before any controller sees it ({@link ControlCharacters}). A text
 * that holds one is refused with a 400 naming its field as the request spells it ({@code assets[2].attributes.note}).
 */
@ControllerAdvice
public class RequestTextInspection extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        inspect("", body, false);
        return body;
    }

    private static void inspect(String path, Object value, boolean lineBreaksAllowed) {
        if (value instanceof String text) {
            ControlCharacters.check(path, text, lineBreaksAllowed);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> {
                String name = String.valueOf(key);
                if (ControlCharacters.firstRefused(name, false) >= 0) {
                    throw new InvalidRequest(path, "a key in '" + path + "' holds a control character; keys allow none");
                }
                inspect(path(path, name), entry, true);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                inspect(path + "[" + i + "]", list.get(i), lineBreaksAllowed);
            }
        } else if (value != null && value.getClass().isRecord()) {
            for (Part part : PARTS.get(value.getClass())) {
                inspect(path(path, part.name()), part.read(value), part.multiLine());
            }
        }
    }

    private static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** A request record's component as the inspection reads it; looked up once per record type, not per request. */
    private record Part(String name, Method accessor, boolean multiLine) {

        Object read(Object record) {
            try {
                return accessor.invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of a request body", e);
            }
        }
    }

    private static final ClassValue<List<Part>> PARTS = new ClassValue<>() {
        @Override
        protected List<Part> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(component -> {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                return new Part(component.getName(), accessor, component.isAnnotationPresent(MultiLine.class));
            }).toList();
        }
    };
}
