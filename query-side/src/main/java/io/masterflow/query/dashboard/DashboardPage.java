package io.masterflow.query.dashboard;

import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's one HTML page and the Content-Security-Policy it is served with. The page loads only scripts and
 * styles of this origin; its import map (which maps the libraries' bare module names to their WebJars) must be
 * inline, as browsers read no other kind, so the policy allows exactly that script by its hash and no other inline
 * script or style.
 */
final class DashboardPage {

    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private final String html;
    private final String contentSecurityPolicy;

    private DashboardPage(String html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    static DashboardPage load(String location) {
        String html;
        try {
            html = new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard page " + location + " is missing from the classpath", e);
        }
        Matcher importMap = IMPORT_MAP.matcher(html);
        if (!importMap.find()) {
            throw new IllegalStateException("the dashboard page " + location + " has no import map");
        }
        String policy = String.join("; ",
                "default-src 'none'",
                "script-src 'self' '" + sha256(importMap.group(1)) + "'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        return new DashboardPage(html, policy);
    }

    String html() {
        return html;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
