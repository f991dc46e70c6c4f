package io.masterflow.legacy.web;

import io.masterflow.events.FlowId;
import io.masterflow.legacy.flow.LegacyFlowIds;
import io.masterflow.security.CallerArgumentResolver;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets the current API's flow paths ({@code /api/v1/flows/{id}...}) take a migrated flow's legacy id: after the
 * security chain has named the caller, a legacy id of one of the caller's flows is replaced by the flow's own id, and
 * the request goes on as if it had named that (a flow's own id wins over another flow's legacy id: {@link LegacyFlowIds}).
 * The legacy paths resolve their ids themselves. It costs one indexed lookup per flow path request, which switching the
 * layer off ({@code masterflow.legacy.enabled=false}) saves.
 */
public class LegacyFlowIdFilter extends OncePerRequestFilter {

    private static final Pattern FLOW_PATH = Pattern.compile("^(/api/v1/flows/)([^/]+)(/.*)?$");
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final LegacyFlowIds ids;

    public LegacyFlowIdFilter(LegacyFlowIds ids) {
        this.ids = ids;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher flowPath = FLOW_PATH.matcher(PATHS.getPathWithinApplication(request));
        if (!flowPath.matches() || isLegacyCreate(request, flowPath)) {
            chain.doFilter(request, response);
            return;
        }
        String id = UrlPathHelper.defaultInstance.decodeRequestString(request, flowPath.group(2));
        Optional<FlowId> target = CallerArgumentResolver.current().flatMap(caller -> ids.legacyTarget(id, caller));
        if (target.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String path = flowPath.group(1) + target.get() + (flowPath.group(3) == null ? "" : flowPath.group(3));
        // the paths Spring parsed for the security chain's matchers are of the old path: parsed again from the new one
        request.removeAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        request.removeAttribute(UrlPathHelper.PATH_ATTRIBUTE);
        chain.doFilter(new RewrittenPath(request, request.getContextPath() + path), response);
    }

    /** {@code POST /api/v1/flows/create} is a legacy call of its own, not a flow named 'create'. */
    private static boolean isLegacyCreate(HttpServletRequest request, Matcher flowPath) {
        return "create".equals(flowPath.group(2)) && flowPath.group(3) == null && "POST".equals(request.getMethod());
    }

    private static final class RewrittenPath extends HttpServletRequestWrapper {

        private final String uri;

        RewrittenPath(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
            if (getServerPort() > 0) {
                url.append(':').append(getServerPort());
            }
            return url.append(uri);
        }

        @Override
        public String getServletPath() {
            return uri.substring(getContextPath().length());
        }

        @Override
        public String getPathInfo() {
            return null;
        }
    }
}
