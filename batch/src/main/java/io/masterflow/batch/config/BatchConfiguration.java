package io.masterflow.batch.config;

import io.masterflow.batch.BatchProperties;
import io.masterflow.batch.BatchRunner;
import io.masterflow.batch.BatchStore;
import io.masterflow.batch.Batches;
import io.masterflow.batch.web.BatchController;
import io.masterflow.command.flow.FlowCommandSender;
import io.masterflow.query.flow.FlowList;
import io.masterflow.security.ApiAuthorizations;
import io.masterflow.security.Roles;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Clock;

/**
 * Batch operations, in whatever application has them on its class path beside the command and query sides
 * (masterflow.jar): their tables, migrated by a Flyway of their own, the runner on every node, the API.
 */
@AutoConfiguration
@EnableConfigurationProperties(BatchProperties.class)
@Import(BatchController.class)
public class BatchConfiguration {

    @Bean
    public FlywayMigrationInitializer batchMigration(DataSource dataSource) {
        return new FlywayMigrationInitializer(Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/batch")
                .table("flyway_history_batch")
                // the sides' tables are there already; baseline 0 still applies every migration of ours
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load());
    }

    @Bean
    public BatchStore batchStore(NamedParameterJdbcTemplate jdbc) {
        return new BatchStore(jdbc);
    }

    @Bean
    public Batches batches(FlowList flows, BatchStore store, BatchProperties properties) {
        return new Batches(flows, store, Clock.systemUTC(), properties.maxFlows());
    }

    @Bean
    public BatchRunner batchRunner(BatchStore store, FlowCommandSender commands, BatchProperties properties) {
        return new BatchRunner(store, commands, properties, ManagementFactory.getRuntimeMXBean().getName(), Clock.systemUTC());
    }

    /** Starting and stopping a batch is a command; reading it, a view of the operator's own work. */
    @Bean
    public ApiAuthorizations batchAuthorizations() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/v1/batches/**").hasAnyAuthority(Roles.FLOW_OPERATOR, Roles.FLOW_VIEWER)
                .requestMatchers(HttpMethod.POST, "/api/v1/batches").hasAuthority(Roles.FLOW_OPERATOR)
                .requestMatchers(HttpMethod.DELETE, "/api/v1/batches/*").hasAuthority(Roles.FLOW_OPERATOR);
    }
}
