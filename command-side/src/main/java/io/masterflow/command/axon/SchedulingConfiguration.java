package io.masterflow.command.axon;

import io.masterflow.command.unitofwork.UnitOfWorkWrites;
import io.masterflow.command.flow.RetryJitter;
import io.masterflow.events.MetaDataKeys;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Time for the command side: one {@link Clock} that events, timeouts, retries and leases all read (tests replace it
 * to move time without waiting), and the durable deadline manager that the Flow aggregate schedules on.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulingConfiguration {

    /** The user id stamped on what a deadline causes: the scheduler acted, not the user whose command set it. */
    public static final String SCHEDULER_USER = "masterflow:scheduler";

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public RetryJitter retryJitter(@Value("${masterflow.retry.jitter:0.2}") double fraction) {
        return RetryJitter.upTo(fraction);
    }

    @Bean(destroyMethod = "shutdown")
    public JdbcDeadlineManager deadlineManager(org.axonframework.config.Configuration axon, Serializer serializer,
                                               TransactionManager axonTransactions, JdbcTemplate jdbc, UnitOfWorkWrites writes,
                                               Clock clock,
                                               @Value("${masterflow.scheduler.poll-interval:1s}") Duration pollInterval) {
        // events and timestamps follow the same clock as the deadlines that read them
        GenericEventMessage.clock = clock;
        JdbcDeadlineManager manager = new JdbcDeadlineManager(new ConfigurationScopeAwareProvider(axon), axon::correlationDataProviders, serializer,
                axonTransactions, jdbc, writes, clock, pollInterval);
        manager.registerDispatchInterceptor(messages -> (index, message) ->
                message.andMetaData(Map.of(MetaDataKeys.USER_ID, SCHEDULER_USER)));
        return manager;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startDeadlines(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(JdbcDeadlineManager.class).start();
    }
}
