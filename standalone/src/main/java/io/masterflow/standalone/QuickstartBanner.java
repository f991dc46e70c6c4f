package io.masterflow.standalone;

import io.masterflow.security.TokenIssuer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.io.PrintStream;
import java.util.List;

/**
 * Tells a first-time user, once the server answers, where it is and how to call it. It goes to standard output
 * rather than the log, so that it shows whatever the log level and is not interleaved with log prefixes.
 */
final class QuickstartBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final String RULE = "=".repeat(100);

    private final PrintStream out;

    QuickstartBanner(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        Environment environment = event.getApplicationContext().getEnvironment();
        String baseUrl = "http://localhost:" + web.getWebServer().getPort()
                + environment.getProperty("server.servlet.context-path", "");
        String swaggerPath = environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
        String secret = environment.getProperty(DevSigningSecret.SECRET_PROPERTY, "");
        String token = secret.isBlank() ? null : new TokenIssuer(secret).issue(DemoTenant.USER, DemoTenant.ACCOUNT,
                List.of(DemoTenant.ENGAGEMENT.toString()), DemoTenant.ROLES, DemoTenant.VALIDITY);
        out.print(render(baseUrl, baseUrl + swaggerPath, token));
        out.flush();
    }

    static String render(String baseUrl, String swaggerUrl, String token) {
        StringBuilder text = new StringBuilder()
                .append('\n').append(RULE).append('\n')
                .append("  masterflow is ready\n\n")
                .append("  Dashboard    ").append(baseUrl).append("/\n")
                .append("  API          ").append(baseUrl).append('\n')
                .append("  Swagger UI   ").append(swaggerUrl).append('\n')
                .append("  Account      ").append(DemoTenant.ACCOUNT).append('\n')
                .append("  Engagement   ").append(DemoTenant.ENGAGEMENT).append('\n');
        if (token == null) {
            text.append("\n  No demo token: tokens come from the identity provider configured for this server.\n");
        } else {
            text.append("\n  Demo token for user '").append(DemoTenant.USER).append("', roles ")
                    .append(String.join(", ", DemoTenant.ROLES)).append(", valid ")
                    .append(DemoTenant.VALIDITY.toHours()).append(" hours:\n\n")
                    .append("  ").append(token).append("\n\n")
                    .append("  Open the dashboard signed in with it:\n\n")
                    .append("  ").append(baseUrl).append("/#token=").append(token).append("\n\n")
                    .append("  Try it (creates a discovery flow):\n\n")
                    .append("  curl -X POST ").append(baseUrl).append("/api/v1/flows -H \"Authorization: Bearer ").append(token)
                    .append("\" -H \"X-Engagement-Id: ").append(DemoTenant.ENGAGEMENT)
                    .append("\" -H \"Content-Type: application/json\" -d '{\"flowType\":\"discovery\",\"name\":\"My first flow\"}'\n\n")
                    .append("  Other tokens: java -jar masterflow.jar token --help\n");
        }
        return text.append(RULE).append("\n\n").toString();
    }
}
