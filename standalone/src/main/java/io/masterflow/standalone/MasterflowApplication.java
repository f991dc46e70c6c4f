package io.masterflow.standalone;

import io.masterflow.command.CommandSideApplication;
import io.masterflow.query.QuerySideApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quickstart: {@code java -jar masterflow.jar} runs the whole of masterflow in one process, on an embedded
 * PostgreSQL unless {@code spring.datasource.url} names another database; {@code java -jar masterflow.jar token ...}
 * prints a bearer token instead.
 */
public final class MasterflowApplication {

    /** The applications that run together here; each also runs on its own. */
    static final List<Class<?>> SOURCES = List.of(CommandSideApplication.class, QuerySideApplication.class);

    /**
     * Each side keeps its defaults in a file named after it, so that they all load side by side; the user's
     * application.yml comes last, because a later name overrides an earlier one.
     */
    static final String CONFIG_NAME = configNames(CommandSideApplication.CONFIG_NAME, QuerySideApplication.CONFIG_NAME);

    private static final String USER_CONFIG_NAME = "application";

    /** Activates application-standalone.yml on top of the sides' own configuration. */
    static final String PROFILE = "standalone";

    private static final String AXON_CONSOLE_MESSAGE = "disable-axoniq-console-message";

    private MasterflowApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && TokenCommand.NAME.equals(args[0])) {
            System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        run(args);
    }

    static ConfigurableApplicationContext run(String... args) {
        // Axon reads this as a JVM system property only; its advertisement would bury the quickstart's banner
        if (System.getProperty(AXON_CONSOLE_MESSAGE) == null) {
            System.setProperty(AXON_CONSOLE_MESSAGE, "true");
        }
        SpringApplication application = new SpringApplication(SOURCES.toArray(Class<?>[]::new));
        application.setAdditionalProfiles(PROFILE);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.addListeners(new EmbeddedDatabaseLifecycle(), new DevSigningSecret(), new QuickstartBanner(System.out));
        return application.run(args);
    }

    static String configNames(String... sideConfigNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String sideConfigName : sideConfigNames) {
            names.addAll(Arrays.asList(sideConfigName.split(",")));
        }
        names.remove(USER_CONFIG_NAME);
        names.add(USER_CONFIG_NAME);
        return String.join(",", names);
    }
}
