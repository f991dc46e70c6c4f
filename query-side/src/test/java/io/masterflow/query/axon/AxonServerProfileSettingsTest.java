package io.masterflow.query.axon;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the 'axonserver' profile of the query side sets, bound as Axon binds it. */
class AxonServerProfileSettingsTest {

    @Test
    void axon_server_sends_every_event_so_that_each_processors_token_reaches_the_head() throws IOException {
        AxonServerConfiguration configuration = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                .load("axonserver", new ClassPathResource("query-side-axonserver.yml"))))
                .bind("axon.axonserver", AxonServerConfiguration.class).get();

        assertThat(configuration.isEventBlockListingEnabled()).isFalse();
    }
}
