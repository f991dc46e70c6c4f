package io.masterflow.standalone;

import org.springframework.core.env.PropertyResolver;

import java.nio.file.Path;

/**
 * The folder where the quickstart keeps what must outlive a run: the embedded PostgreSQL's data and the token
 * signing secret. The server and the {@code token} command must agree on it, or their tokens would not verify.
 */
record DataDirectory(Path root) {

    static final String PROPERTY = "masterflow.data-dir";
    static final String ENVIRONMENT_VARIABLE = "MASTERFLOW_DATA_DIR";
    static final String DEFAULT = "./data";

    DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    static DataDirectory of(String path) {
        return new DataDirectory(Path.of(path));
    }

    /** As the server sees it: any Spring property source (argument, environment variable, configuration file). */
    static DataDirectory of(PropertyResolver properties) {
        return of(properties.getProperty(PROPERTY, DEFAULT));
    }

    /** As a command run outside Spring sees it, so that it finds the folder the server was started with. */
    static DataDirectory fromSystem() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            path = System.getenv(ENVIRONMENT_VARIABLE);
        }
        return of(path == null || path.isBlank() ? DEFAULT : path);
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path signingSecret() {
        return root.resolve("jwt-secret");
    }

    /** The embedded PostgreSQL's superuser password: only the quickstart's own user may open the database. */
    Path databasePassword() {
        return root.resolve("postgres-password");
    }

    /** Held by the running process, so that a second one on the same folder is refused instead of breaking the first. */
    Path lock() {
        return root.resolve("postgres.lock");
    }
}
