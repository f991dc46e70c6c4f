package io.masterflow.observability;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What every side shares to be watched: the management port's rules, the API port's plain health, the correlation
 * id in log lines, and whether the event store answers. The meters of flows and projections are each side's own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ObservabilityAutoConfiguration {

    private static final int PROBE_TIMEOUT_SECONDS = 5;

    @Bean
    public ManagementAuthorizations managementAuthorizations(Environment environment) {
        return new ManagementAuthorizations(environment);
    }

    // no ordering after the health endpoint's configuration: that would set Boot's status aggregator up before Axon
    // Server's, and leave two
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    public PublicHealth publicHealth(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        return new PublicHealth(health, statusCodes);
    }

    /** First of all filters, so that the lines the security chain and the limits log name the request too. */
    @Bean
    public FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** On the command bus of a side that has one (an application of shared parts alone has none). */
    @Bean
    public CorrelationIdLogging correlationIdLogging(ObjectProvider<CommandBus> commandBus) {
        CorrelationIdLogging logging = new CorrelationIdLogging();
        commandBus.ifAvailable(bus -> bus.registerHandlerInterceptor(logging));
        return logging;
    }

    /** An interceptor of their own: one that needs the command bus cannot be a part of the configuration that builds it. */
    @Bean
    public ConfigurerModule correlationIdLoggingOfProcessors() {
        CorrelationIdLogging logging = new CorrelationIdLogging();
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerDefaultHandlerInterceptor((configuration, processor) -> logging));
    }

    /** Axon Server's connection with the {@code axonserver} profile, else the database that holds the event store. */
    @Bean
    public EventStoreReachability eventStoreReachability(Environment environment, ObjectProvider<AxonServerConnectionManager> axonServer,
                                                         ObjectProvider<DataSource> dataSource,
                                                         @Value("${masterflow.event-store.probe-interval:10s}") Duration interval) {
        boolean onAxonServer = environment.getProperty("axon.axonserver.enabled", Boolean.class, true)
                && axonServer.getIfAvailable() != null;
        BooleanSupplier probe = onAxonServer ? () -> {
            AxonServerConnectionManager connections = axonServer.getObject();
            return connections.isConnected(connections.getDefaultContext());
        } : () -> reachable(dataSource.getObject());
        return new EventStoreReachability(probe, interval);
    }

    private static boolean reachable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException unreachable) {
            return false;
        }
    }
}
