package io.masterflow.query.webhook;

import io.masterflow.query.axon.QueryNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Random;

/** Outbound webhooks on every query node: the address rule, the HTTP client, the outcome rules and the sender. */
@Configuration
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

    @Bean
    public ReceiverAddresses receiverAddresses(WebhookProperties properties) {
        return ReceiverAddresses.system(properties.allowPrivateAddresses());
    }

    @Bean
    public ReceiverClient receiverClient(ReceiverAddresses addresses, WebhookProperties properties) {
        return new ReceiverClient(addresses, properties.connectTimeout(), properties.readTimeout(), properties.senders());
    }

    @Bean
    public DeliveryOutcomes deliveryOutcomes(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
                                             WebhookProperties properties) {
        return new DeliveryOutcomes(jdbc, new TransactionTemplate(transactions),
                new Backoff(properties.initialBackoff(), properties.maxBackoff(), new Random()),
                properties.retryFor());
    }

    @Bean
    public DeliveryAttempts deliveryAttempts(ReceiverClient client, DeliveryOutcomes outcomes, WebhookProperties properties,
                                             QueryNode node, MeterRegistry meters) {
        return new DeliveryAttempts(client, outcomes, node.id(), Clock.systemUTC(), properties.retryFor(), meters);
    }

    @Bean
    public WebhookSender webhookSender(Deliveries deliveries, DeliveryAttempts attempts, WebhookProperties properties,
                                       QueryNode node) {
        return new WebhookSender(deliveries, attempts, properties, node.id(), Clock.systemUTC());
    }
}
