package io.masterflow.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Runs the embedded PostgreSQL for one run of the application, unless {@code spring.datasource.url} names a database.
 * It starts once the configuration is read and before any bean wants a connection, and stops only after every
 * DataSource is closed, so that nothing writing events (processors, the web server draining requests) loses its
 * database while shutting down.
 */
final class EmbeddedDatabaseLifecycle implements ApplicationListener<SpringApplicationEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseLifecycle.class);

    static final String URL_PROPERTY = "spring.datasource.url";
    static final String BEAN_NAME = "masterflowEmbeddedDatabase";

    private EmbeddedDatabase database;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            handOverTo((GenericApplicationContext) prepared.getApplicationContext());
        } else if (event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    /** After the configuration files are read: they may name an external database or another data directory. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private void start(ConfigurableEnvironment environment) {
        String url = environment.getProperty(URL_PROPERTY);
        if (StringUtils.hasText(url)) {
            log.info("Using the database at {} ({} is set); no embedded PostgreSQL", url, URL_PROPERTY);
            return;
        }
        try {
            database = EmbeddedDatabase.start(DataDirectory.of(environment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
        // covers a JVM shutdown before the context exists; closing twice does nothing
        SpringApplication.getShutdownHandlers().add(database::close);
        environment.getPropertySources().addFirst(new MapPropertySource("masterflowEmbeddedDatabase", Map.of(
                URL_PROPERTY, database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password())));
    }

    private void handOverTo(GenericApplicationContext context) {
        if (database == null) {
            return;
        }
        EmbeddedDatabase started = database;
        context.registerBean(BEAN_NAME, EmbeddedDatabase.class, () -> started, definition -> definition.setDestroyMethodName("close"));
        context.addBeanFactoryPostProcessor(new DataSourcesDependOnEmbeddedDatabase());
    }

    private void stop() {
        if (database != null) {
            database.close();
        }
    }

    /** A bean's dependencies are destroyed after it: so every DataSource closes before the server stops. */
    private static final class DataSourcesDependOnEmbeddedDatabase extends AbstractDependsOnBeanFactoryPostProcessor {

        DataSourcesDependOnEmbeddedDatabase() {
            super(DataSource.class, BEAN_NAME);
        }
    }
}
