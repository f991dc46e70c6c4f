package io.masterflow.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document (/v3/api-docs) and Swagger UI (/swagger-ui.html) of the API. */
@Configuration
@OpenAPIDefinition(info = @Info(title = "masterflow", version = "v1",
        description = "Flow orchestrator. Every call under /api needs a bearer token; see the README for roles."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class OpenApiConfiguration {
}
