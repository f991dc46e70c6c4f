package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;

import java.util.List;
import java.util.UUID;

/** A fresh account and engagement per test, so that what a page lists is only what that test made. */
record Tenants(Quickstart app, UUID account, UUID engagement) {

    static final List<String> EVERYDAY_ROLES = List.of("flow-operator", "flow-viewer", "auditor", "worker");

    static Tenants fresh(Quickstart app) {
        return new Tenants(app, UUID.randomUUID(), UUID.randomUUID());
    }

    /** Operator, viewer, auditor and worker of this engagement: what the demo token holds. */
    String everyday() {
        return token("alice", EVERYDAY_ROLES);
    }

    String viewer() {
        return token("victor", List.of("flow-viewer"));
    }

    String admin() {
        return app.token("ada", account, List.of("*"), List.of("admin", "flow-viewer"));
    }

    String token(String user, List<String> roles) {
        return app.token(user, account, List.of(engagement.toString()), roles);
    }
}
