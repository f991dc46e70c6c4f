package io.masterflow.validation;

import java.util.List;
import java.util.Map;

/**
 * A named check of a phase's input (before it starts) or output (before it completes). Flow-type definitions
 * refer to validators by {@link #name()} and give them parameters.
 */
public interface PhaseValidator {

    String name();

    /** Rejects parameters this validator cannot work with, so that a broken definition fails at start-up. */
    void checkParams(Map<String, Object> params);

    /** What is wrong with {@code data}, each a sentence naming the offending key; empty when it passes. */
    List<String> problems(Map<String, Object> data, Map<String, Object> params);
}
