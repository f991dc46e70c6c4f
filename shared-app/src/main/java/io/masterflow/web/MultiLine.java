package io.masterflow.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text field of a request body that may hold tabs and line breaks (an error message, a reason, a note). Every other
 * text field holds no control character at all; JSON values a request carries as data (configuration, input, output,
 * attributes) may hold tabs and line breaks in their strings, never in their keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface MultiLine {
}
