package io.masterflow.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The query side on its own: projects the event store into read models and answers the query, audit and history API. */
@SpringBootApplication
public class QuerySideApplication {

    /** Configuration files read: query-side.yml (this side's defaults), then the user's application.yml. */
    public static final String CONFIG_NAME = "query-side,application";

    /** Alone it listens beside the command side; in the standalone process both share the command side's port. */
    static final int OWN_PORT = 8081;

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        // default properties: anything the user configures (server.port included) overrides them
        return new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME, "server.port=" + OWN_PORT);
    }
}
