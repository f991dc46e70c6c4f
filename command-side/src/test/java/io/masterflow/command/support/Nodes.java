package io.masterflow.command.support;

import io.masterflow.testsupport.TestPostgres;
import io.masterflow.testsupport.Api;
import io.masterflow.command.CommandSideApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-side applications of a test's own, for restarts and for several nodes on one database: each on a random
 * port, with the tests' secret (so one token works on every node) and the tests' clock (one per process: event
 * timestamps read it, shared with the other tests' application).
 */
public final class Nodes {

    private Nodes() {
    }

    /** Starts a node on the given database (a {@link TestPostgres} url), with any further --name=value arguments. */
    public static ConfigurableApplicationContext start(String databaseUrl, String... arguments) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password(),
                "--masterflow.security.jwt.secret=" + Tokens.SECRET));
        all.addAll(List.of(arguments));
        return CommandSideApplication.application().sources(TestClock.Configuration.class).run(all.toArray(String[]::new));
    }

    /** The node's API as the tests' operator, in the tests' engagement. */
    public static Api api(ConfigurableApplicationContext node) {
        int port = ((ServletWebServerApplicationContext) node).getWebServer().getPort();
        return new Api(port, Tokens.operator()).withHeader("X-Engagement-Id", Tokens.ENGAGEMENT);
    }
}
