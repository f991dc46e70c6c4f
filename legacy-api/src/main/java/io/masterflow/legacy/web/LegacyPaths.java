package io.masterflow.legacy.web;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy paths, each with its path family (stamped on the commands it sends, counted in the metric) and the
 * current call that replaces it (the {@code Link: rel="successor-version"} of its answers).
 */
public final class LegacyPaths {

    public static final String DISCOVERY = "legacy-discovery";
    public static final String CREWAI = "legacy-crewai";
    public static final String ORCHESTRATION = "legacy-orchestration";
    public static final String FLOWS = "legacy-flows";

    private static final String ID = "([^/]+)";

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/api/v1/discovery/flows/create", DISCOVERY, "/api/v1/flows"),
            new Route("GET", "/api/v1/discovery/flows", DISCOVERY, "/api/v1/flows?flowType=discovery"),
            new Route("GET", "/api/v1/discovery/flows/" + ID + "(?:/status)?", DISCOVERY, "/api/v1/flows/$1"),
            new Route("POST", "/api/v1/discovery/flows/" + ID + "/pause", DISCOVERY, "/api/v1/flows/$1/pause"),
            new Route("POST", "/api/v1/discovery/flows/" + ID + "/resume", DISCOVERY, "/api/v1/flows/$1/resume"),
            new Route("DELETE", "/api/v1/discovery/flows/" + ID, DISCOVERY, "/api/v1/flows/$1"),
            // the flow is named in the body: the successor is the collection the flow's own execute hangs from
            new Route("POST", "/api/v1/crewai/flows/execute", CREWAI, "/api/v1/flows"),
            new Route("POST", "/api/v1/orchestration/flows/start", ORCHESTRATION, "/api/v1/flows"),
            new Route("GET", "/api/v1/orchestration/flows/" + ID, ORCHESTRATION, "/api/v1/flows/$1"),
            new Route("POST", "/api/v1/flows/create", FLOWS, "/api/v1/flows"),
            new Route("GET", "/api/v1/flows/" + ID + "/status", FLOWS, "/api/v1/flows/$1"));

    /** Every path prefix a legacy call may have, whatever its method: a wrong method is still a legacy call. */
    private static final Pattern LEGACY_FAMILIES = Pattern.compile("^/api/v1/(discovery|crewai|orchestration)/flows(/.*)?$");

    private LegacyPaths() {
    }

    /** A legacy call: its family and successor. */
    public record Call(String family, String successor) {
    }

    public static Optional<Call> match(String method, String path) {
        for (Route route : ROUTES) {
            Matcher matcher = route.pattern.matcher(path);
            if (route.method.equals(method) && matcher.matches()) {
                return Optional.of(new Call(route.family, matcher.replaceFirst(route.successor)));
            }
        }
        // an unknown call under a legacy family still gets the deprecation and, switched off, the 410
        Matcher family = LEGACY_FAMILIES.matcher(path);
        if (family.matches()) {
            return Optional.of(new Call("legacy-" + family.group(1), "/api/v1/flows"));
        }
        return Optional.empty();
    }

    private record Route(String method, Pattern pattern, String family, String successor) {
        Route(String method, String pattern, String family, String successor) {
            this(method, Pattern.compile("^" + pattern + "$"), family, successor);
        }
    }
}
