package io.masterflow.validation;

import io.masterflow.events.ValidatorRef;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Validators by name; the flow-type registry checks its references against it, the Flow aggregate runs them. */
public class ValidatorRegistry {

    private final Map<String, PhaseValidator> byName;

    public ValidatorRegistry(Collection<? extends PhaseValidator> validators) {
        this.byName = validators.stream().collect(Collectors.toMap(PhaseValidator::name, Function.identity()));
    }

    public Optional<PhaseValidator> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every problem the referenced validators find in {@code data}; empty when all pass. */
    public List<String> problems(List<ValidatorRef> refs, Map<String, Object> data) {
        return refs.stream()
                .flatMap(ref -> find(ref.name())
                        .orElseThrow(() -> new IllegalStateException("unknown validator " + ref.name()))
                        .problems(data, ref.params()).stream())
                .toList();
    }
}
