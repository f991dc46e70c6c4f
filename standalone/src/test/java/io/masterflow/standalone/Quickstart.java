package io.masterflow.standalone;

import io.masterflow.security.TokenIssuer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The quickstart as {@code java -jar masterflow.jar} runs it (both sides, the embedded PostgreSQL, real security), on a
 * data folder of its own and a free port: for tests that drive it from outside, as a user would. One per test JVM:
 * its first start initialises a database, which takes seconds.
 */
public final class Quickstart implements ExtensionContext.Store.CloseableResource {

    public static final UUID DEMO_ACCOUNT = DemoTenant.ACCOUNT;
    public static final UUID DEMO_ENGAGEMENT = DemoTenant.ENGAGEMENT;

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final TokenIssuer issuer;

    private Quickstart(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.issuer = new TokenIssuer(context.getEnvironment().getRequiredProperty(DevSigningSecret.SECRET_PROPERTY));
    }

    /** The one shared by every test of this JVM that asks for it, stopped when the test run ends. */
    public static Quickstart shared(ExtensionContext extension) {
        return extension.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Quickstart.class, key -> start(), Quickstart.class);
    }

    private static Quickstart start() {
        try {
            Path dataDir = Files.createTempDirectory("masterflow-quickstart-");
            return new Quickstart(MasterflowApplication.run("--server.port=0", "--masterflow.data-dir=" + dataDir,
                    // webhooks to the tests' receivers on loopback; a receiver that refuses everything gets its webhook
                    // disabled within seconds rather than a day (only the webhook tests make webhooks)
                    "--masterflow.webhooks.allow-private-addresses=true", "--masterflow.webhooks.retry-for=3s",
                    "--masterflow.webhooks.initial-backoff=500ms", "--masterflow.webhooks.max-backoff=1s",
                    "--masterflow.webhooks.poll-interval=200ms"), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The management server's port: the actuator, /actuator/prometheus among it (a free one here: server.port is 0). */
    public int managementPort() {
        return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    /** The application's beans of that type, by name: to look at what the quickstart configured, not to drive it. */
    public <T> java.util.Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    public String property(String name) {
        return context.getEnvironment().getProperty(name);
    }

    /** The token the banner prints. */
    public String demoToken() {
        return issuer.issue(DemoTenant.USER, DemoTenant.ACCOUNT, List.of(DemoTenant.ENGAGEMENT.toString()), DemoTenant.ROLES,
                DemoTenant.VALIDITY);
    }

    /** The platform's operator: no account, every tenant's projections. */
    public String platformOperatorToken() {
        return issuer.issuePlatformOperator("root", Duration.ofHours(1));
    }

    public String token(String user, UUID account, List<String> engagements, List<String> roles) {
        return issuer.issue(user, account, engagements, roles, Duration.ofHours(1));
    }

    public String token(String user, UUID account, List<String> engagements, List<String> roles, Duration validity) {
        return issuer.issue(user, account, engagements, roles, validity);
    }

    @Override
    public void close() {
        context.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is not worth failing a test run for
        }
    }
}
