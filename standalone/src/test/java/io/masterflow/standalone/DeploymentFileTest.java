package io.masterflow.standalone;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment docker-compose.yml describes: Axon Server with its access control on and the token taken from the
 * environment, given to both sides, and only the two APIs published.
 */
class DeploymentFileTest {

    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml");

    @Test
    void axon_server_asks_every_client_for_the_token_from_the_environment_and_both_sides_present_it() throws IOException {
        Map<String, Object> services = services();

        Map<String, Object> axonServer = environment(services, "axonserver");
        assertThat(axonServer.get("AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED")).isEqualTo("true");
        assertThat(String.valueOf(axonServer.get("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN"))).startsWith("${AXONSERVER_TOKEN:?");
        for (String side : List.of("command-side", "query-side")) {
            assertThat(String.valueOf(environment(services, side).get("AXONSERVER_TOKEN"))).as(side).startsWith("${AXONSERVER_TOKEN:?");
        }
        for (String profile : List.of("command-side-axonserver.yml", "query-side-axonserver.yml")) {
            YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
            yaml.setResources(new ClassPathResource(profile));
            assertThat(yaml.getObject().getProperty("axon.axonserver.token")).as(profile).isEqualTo("${AXONSERVER_TOKEN:}");
        }
    }

    @Test
    void only_the_two_apis_are_published_and_the_monitoring_on_loopback() throws IOException {
        Map<String, Object> services = services();

        assertThat(services).allSatisfy((name, service) -> {
            Object ports = ((Map<?, ?>) service).get("ports");
            switch (name) {
                case "command-side" -> assertThat(ports).isEqualTo(List.of("8080:8080"));
                case "query-side" -> assertThat(ports).isEqualTo(List.of("8081:8081"));
                case "prometheus" -> assertThat(ports).isEqualTo(List.of("127.0.0.1:9090:9090"));
                case "grafana" -> assertThat(ports).isEqualTo(List.of("127.0.0.1:3000:3000"));
                default -> assertThat(ports).as(name + " publishes nothing").isNull();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        try (Reader compose = Files.newBufferedReader(COMPOSE_FILE)) {
            return (Map<String, Object>) new Yaml().<Map<String, Object>>load(compose).get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> services, String service) {
        return (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
    }
}
