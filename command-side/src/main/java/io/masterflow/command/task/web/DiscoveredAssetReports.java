package io.masterflow.command.task.web;

import io.masterflow.command.task.web.TaskRequests.CompleteTaskRequest;
import io.masterflow.limits.AccountLimits;
import io.masterflow.limits.LargeRequestBody;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * A worker's completion may report the assets it discovered: an inventory too, bounded as an imported one is
 * (masterflow.limits.inventory-bytes for the body, inventory-rows for the assets) rather than as an ordinary body.
 */
@Configuration(proxyBeanMethods = false)
class DiscoveredAssetReports {

    @Bean
    LargeRequestBody completionWithDiscoveredAssets() {
        return new LargeRequestBody(HttpMethod.POST, "/api/v1/tasks/{taskId}/complete", CompleteTaskRequest.class,
                AccountLimits::inventoryBytes);
    }
}
