package io.masterflow.observability;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code GET /actuator/health} on the API's port, once the actuator has moved to the management port: load balancers
 * and container health checks probe the port they route to. It answers the status alone, to anyone; the components
 * and their details are on the management port, for the platform operator.
 */
@RestController
@Hidden
public class PublicHealth {

    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    public PublicHealth(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, String>> status() {
        Status status = health.health().getStatus();
        return ResponseEntity.status(statusCodes.getStatusCode(status)).body(Map.of("status", status.getCode()));
    }
}
