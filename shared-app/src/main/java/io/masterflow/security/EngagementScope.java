package io.masterflow.security;

import io.masterflow.events.EngagementId;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** The engagements of its account a caller may act in: a list, or every one ({@code "*"} in the token). */
public record EngagementScope(boolean all, Set<EngagementId> engagements) {

    private static final String ALL = "*";

    public EngagementScope {
        engagements = Set.copyOf(engagements);
    }

    public static EngagementScope allEngagements() {
        return new EngagementScope(true, Set.of());
    }

    public static EngagementScope of(Collection<String> claimValues) {
        if (claimValues.contains(ALL)) {
            return allEngagements();
        }
        return new EngagementScope(false, claimValues.stream().map(EngagementId::of).collect(Collectors.toSet()));
    }

    /** True when the caller may see no engagement at all (a token listing none): every read answers empty. */
    public boolean grantsNone() {
        return !all && engagements.isEmpty();
    }

    public boolean includes(EngagementId engagement) {
        return all || engagements.contains(engagement);
    }

    /** The compact form carried in a command's metadata. */
    public String encode() {
        return all ? ALL : engagements.stream().map(EngagementId::toString).sorted().collect(Collectors.joining(","));
    }

    public static EngagementScope decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return new EngagementScope(false, Set.of());
        }
        return of(Arrays.asList(encoded.split(",")));
    }
}
