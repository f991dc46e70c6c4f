package io.masterflow.overload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The one count of what a node refused as over capacity, whichever wait refused it (the alert MasterflowOverloaded). */
public final class Refusals {

    private Refusals() {
    }

    public static Counter counter(MeterRegistry meters) {
        return Counter.builder("masterflow.overload.refused")
                .description("requests answered 503 because they waited longer than masterflow.overload.max-queue-wait for a "
                        + "worker thread or a command slot")
                .register(meters);
    }
}
