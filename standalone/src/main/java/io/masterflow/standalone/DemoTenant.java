package io.masterflow.standalone;

import io.masterflow.security.Roles;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The fixed tenant of the demo token, so that examples and scripts can name it without looking it up. */
final class DemoTenant {

    static final UUID ACCOUNT = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID ENGAGEMENT = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final String USER = "demo";
    /**
     * Everything but admin: the demo shows the everyday API and dashboard, not tenant administration. The dashboard's
     * operations view (rebuilds, dead letters) therefore needs a token of its own ({@code token --role admin}).
     */
    static final List<String> ROLES = List.of(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER, Roles.AUDITOR, Roles.WORKER);
    static final Duration VALIDITY = Duration.ofHours(24);

    private DemoTenant() {
    }
}
