package io.masterflow.standalone;

import io.masterflow.command.CommandSideApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The quickstart: {@code java -jar masterflow.jar} runs the whole of masterflow in one process, on an embedded
 * PostgreSQL unless {@code spring.datasource.url} names another database; {@code java -jar masterflow.jar token ...}
 * prints a bearer token instead.
 */
public final class MasterflowApplication {

    /** The applications that run together here (the query side joins this list); each also runs on its own. */
    static final List<Class<?>> SOURCES = List.of(CommandSideApplication.class);

    /** Activates application-standalone.yml on top of the sides' own configuration. */
    static final String PROFILE = "standalone";

    private static final String AXON_CONSOLE_MESSAGE = "disable-axoniq-console-message";

    private MasterflowApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && TokenCommand.NAME.equals(args[0])) {
            System.exit(TokenCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
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
        // each side keeps its defaults in a file named after it, so that they all load side by side
        application.setDefaultProperties(Map.of("spring.config.name", CommandSideApplication.CONFIG_NAME));
        application.addListeners(new EmbeddedDatabaseLifecycle(), new DevSigningSecret(), new QuickstartBanner(System.out));
        return application.run(args);
    }
}
