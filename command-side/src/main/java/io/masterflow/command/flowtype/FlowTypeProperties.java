package io.masterflow.command.flowtype;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where flow-type definitions come from besides the built-in ones.
 *
 * @param externalDir {@code masterflow.flow-types.external-dir}: a folder whose {@code *.yml} files (not its
 *                    sub-folders) add flow types, or new versions of existing ones, at start-up. Empty (the default)
 *                    means none. A folder that is named but missing stops start-up, since the definitions an
 *                    operator expected would otherwise be silently absent.
 */
@ConfigurationProperties(prefix = "masterflow.flow-types")
public record FlowTypeProperties(String externalDir) {

    public Optional<Path> externalFolder() {
        return externalDir == null || externalDir.isBlank() ? Optional.empty() : Optional.of(Path.of(externalDir.strip()));
    }
}
