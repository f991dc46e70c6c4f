package io.masterflow.security;

import java.util.List;

/** The roles a token may grant (claim {@code roles}); each becomes an authority of the same name. */
public final class Roles {

    public static final String FLOW_OPERATOR = "flow-operator";
    public static final String FLOW_VIEWER = "flow-viewer";
    public static final String AUDITOR = "auditor";
    public static final String WORKER = "worker";
    /** Its own account's dead letters and cross-engagement views; nothing shared with other accounts. */
    public static final String ADMIN = "admin";
    /**
     * Runs the platform for every tenant: projections and their rebuilds, dead letters of no account, metrics and
     * detailed health. It is tied to no account, so its token carries none and no tenant role beside it.
     */
    public static final String PLATFORM_OPERATOR = "platform-operator";

    /** The roles that act within one client account. */
    public static final List<String> TENANT_ROLES = List.of(FLOW_OPERATOR, FLOW_VIEWER, AUDITOR, WORKER, ADMIN);

    private Roles() {
    }
}
