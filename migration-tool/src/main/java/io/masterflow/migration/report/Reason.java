package io.masterflow.migration.report;

/** Why a legacy row was not migrated. Each has a fix; a later run migrates the row once the fix is in. */
public enum Reason {
    /** The flow type is not in the registry: add a definition for it (--flow-types-dir). */
    UNKNOWN_FLOW_TYPE,
    /** Neither the master row nor any child row names a client account and engagement. */
    NO_TENANT,
    /** The status is none of the legacy statuses the mapping knows. */
    UNKNOWN_STATUS,
    /** The rows hold no timestamp at all, so no event of the flow could carry a true time. */
    NO_TIMESTAMP,
    /** An asset whose discovery flow is reported itself. */
    FLOW_NOT_MIGRATED,
    /** An asset whose discovery_flow_id is empty or names no discovery row. */
    NO_DISCOVERY_FLOW,
    /** An asset of another account or engagement than its discovery flow: migrating it would cross tenants. */
    OTHER_TENANT,
    /** The target refused the flow's events. */
    WRITE_FAILED,
    /**
     * A delta run: the legacy rows of a migrated flow changed, but the flow has events since that the migration did
     * not append (continued through the command API): its history is the new platform's now.
     */
    CONTINUED_SINCE_MIGRATED,
    /**
     * A delta run: the legacy rows of a migrated flow changed in a way no appended event can express (history rewritten
     * or shortened, another tenant or type, a status without an event): the detail says which; the flow is left as it
     * was migrated.
     */
    CHANGE_NOT_APPENDABLE
}
