package io.masterflow.command.inventory.web;

import io.masterflow.limits.AccountLimits;
import io.masterflow.limits.LargeRequestBody;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** An inventory's body is bounded by masterflow.limits.inventory-bytes, not request-body; it is never parsed as one document. */
@Configuration(proxyBeanMethods = false)
class InventoryUploads {

    @Bean
    LargeRequestBody inventoryUpload() {
        return new LargeRequestBody(HttpMethod.POST, InventoryController.PATH, null, AccountLimits::inventoryBytes);
    }
}
