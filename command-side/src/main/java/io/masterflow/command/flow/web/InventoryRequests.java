package io.masterflow.command.flow.web;

import io.masterflow.command.flow.web.FlowRequests.ExecutePhaseRequest;
import io.masterflow.limits.AccountLimits;
import io.masterflow.limits.LargeRequestBody;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * An execute request may carry an asset inventory in its input (the asset-import handler's): the one input larger
 * than masterflow.limits.request-body, bounded by masterflow.limits.inventory-bytes instead.
 */
@Configuration(proxyBeanMethods = false)
class InventoryRequests {

    @Bean
    LargeRequestBody executeWithAnInventory() {
        return new LargeRequestBody(HttpMethod.POST, "/api/v1/flows/{flowId}/execute", ExecutePhaseRequest.class,
                AccountLimits::inventoryBytes);
    }
}
