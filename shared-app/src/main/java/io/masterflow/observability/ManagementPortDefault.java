package io.masterflow.observability;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * The management port when the operator names none ({@code management.server.port}): the side's own default
 * ({@code masterflow.management.default-port}: 9080 for the command side and the quickstart, 9081 for the query side
 * alone, so that the two sides run on one machine), or a free port when the API itself listens on a free port
 * ({@code server.port=0}), as tests, benchmarks and several nodes on one machine start it: a fixed management port
 * would clash there.
 */
public class ManagementPortDefault implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULT_PORT = "masterflow.management.default-port";
    private static final String MANAGEMENT_PORT = "management.server.port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String defaultPort = environment.getProperty(DEFAULT_PORT);
        if (defaultPort == null || environment.containsProperty(MANAGEMENT_PORT)) {
            return;
        }
        String port = "0".equals(environment.getProperty("server.port")) ? "0" : defaultPort;
        environment.getPropertySources().addLast(new MapPropertySource("masterflowManagementPort", Map.of(MANAGEMENT_PORT, port)));
    }

    /** After the configuration files are read: the side's default comes from its own file. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
