package io.masterflow.query.dashboard;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard at {@code /}: every view's address answers the same page, which reads the address and shows that
 * view, so that a view can be bookmarked, reloaded and shared. The page holds no data; the data comes from the API
 * with the bearer token the page keeps in the tab.
 */
@Controller
public class DashboardController {

    /** Each view of the dashboard; the page's router knows the same list. */
    static final String[] VIEWS = {"/", "/flows", "/flows/*", "/flows/*/history", "/new", "/analytics", "/audit",
            "/agents", "/operations", "/webhooks", "/webhooks/*"};

    private final DashboardPage page = DashboardPage.load("dashboard/index.html");

    @GetMapping({"/", "/flows", "/flows/{flowId}", "/flows/{flowId}/history", "/new", "/analytics", "/audit",
            "/agents", "/operations", "/webhooks", "/webhooks/{webhookId}"})
    public ResponseEntity<String> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                // the page is small and names its scripts without versions: always ask whether it changed
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", page.contentSecurityPolicy())
                .header("Referrer-Policy", "no-referrer")
                .body(page.html());
    }

    /**
     * Browsers ask for /favicon.ico of a page that names no icon (an image opened on its own, say): sent to the
     * dashboard's icon rather than answered 401, which shows as an error in every such page's console.
     */
    @GetMapping("/favicon.ico")
    public ResponseEntity<Void> favicon() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create("/dashboard/favicon.svg")).build();
    }
}
