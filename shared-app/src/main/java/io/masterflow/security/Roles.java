package io.masterflow.security;

/** The roles a token may grant (claim {@code roles}); each becomes an authority of the same name. */
public final class Roles {

    public static final String FLOW_OPERATOR = "flow-operator";
    public static final String FLOW_VIEWER = "flow-viewer";
    public static final String AUDITOR = "auditor";
    public static final String WORKER = "worker";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
