package io.masterflow.query.asset;

import io.masterflow.events.AssetValidated;

import java.util.Locale;

/** Where the judgement of an asset stands: nobody has judged it yet, or someone validated or rejected it. */
public enum ValidationState {
    PENDING, VALIDATED, REJECTED;

    static ValidationState of(AssetValidated.Verdict verdict) {
        return switch (verdict) {
            case PENDING -> PENDING;
            case VALIDATED -> VALIDATED;
            case REJECTED -> REJECTED;
        };
    }

    /** As the API writes it, the way the command side's validate endpoint takes a verdict. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
