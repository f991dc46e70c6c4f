package io.masterflow.axon;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Ahead of Axon's own auto-configuration, whose default serializers back off when these exist. */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@Import(AxonMessagingConfiguration.class)
public class AxonMessagingAutoConfiguration {
}
