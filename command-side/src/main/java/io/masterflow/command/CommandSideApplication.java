package io.masterflow.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The command side on its own: flows take commands over HTTP and append events to the event store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

    /** Configuration files read: command-side.yml (this side's defaults), then the user's application.yml. */
    public static final String CONFIG_NAME = "command-side,application";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CommandSideApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
