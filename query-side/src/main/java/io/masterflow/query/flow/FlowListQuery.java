package io.masterflow.query.flow;

import io.masterflow.events.ClientAccountId;
import io.masterflow.events.EngagementId;
import io.masterflow.events.FlowStatus;
import io.masterflow.security.EngagementScope;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One page of a tenant's flows: the caller's account and engagement scope always apply; every other filter is
 * optional (null). Pages are keyset pages: {@code after} is the sort value and flow id of the last flow of the
 * previous page, so a page costs the same wherever it is and flows added meanwhile neither repeat nor vanish.
 *
 * @param createdFrom first creation instant included
 * @param createdTo   first creation instant excluded
 * @param text        a piece of the name, any case
 */
public record FlowListQuery(ClientAccountId account, EngagementScope scope, EngagementId engagement, String flowType,
                            Set<FlowStatus> statuses, String phase, String text, Instant createdFrom, Instant createdTo,
                            boolean includeDeleted, Sort sort, int limit, After after) {

    public FlowListQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(scope, "engagement scope");
        Objects.requireNonNull(sort, "sort");
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /** Deleted flows show when asked for, either outright or by their status. */
    public boolean showsDeleted() {
        return includeDeleted || statuses.contains(FlowStatus.DELETED);
    }

    public enum SortField {
        CREATED_AT("createdAt", "created_at"),
        UPDATED_AT("updatedAt", "updated_at"),
        // case-insensitive, as people read names
        NAME("name", "lower(name)");

        private final String parameter;
        private final String column;

        SortField(String parameter, String column) {
            this.parameter = parameter;
            this.column = column;
        }

        public String parameter() {
            return parameter;
        }

        String column() {
            return column;
        }
    }

    public record Sort(SortField field, boolean descending) {

        public static final Sort DEFAULT = new Sort(SortField.CREATED_AT, true);

        public Sort {
            Objects.requireNonNull(field, "sort field");
        }
    }

    /** Where the previous page ended: its last flow's sort value (an {@link Instant} or a name) and id. */
    public record After(Object value, UUID flowId) {

        public After {
            Objects.requireNonNull(value, "sort value");
            Objects.requireNonNull(flowId, "flow id");
        }
    }
}
