package io.masterflow.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.masterflow.openapi.AnswerFields;
import io.masterflow.openapi.JsonAnswers;
import io.masterflow.openapi.NullableProperties;
import io.masterflow.openapi.ProblemAnswers;
import io.masterflow.openapi.RequestExamples;
import io.masterflow.openapi.SchemaNameClashes;
import io.masterflow.security.Caller;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.media.JsonSchema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (/v3/api-docs) and Swagger UI (/swagger-ui.html) of the API: what every operation shares is
 * added here (the bearer scheme, the error answers, JSON as the default media type), so that a controller declares
 * only what is its own (summary, operationId, the answers only it gives). The TypeScript client is generated from
 * this document, exported to clients/typescript/openapi.json by a test of the quickstart.
 */
@Configuration
@OpenAPIDefinition(info = @Info(title = "masterflow", version = "v1",
        description = "Flow orchestrator: flows of phases, the workers that do them, and the read models that follow "
                + "them. Every call under /api needs a bearer token; the README lists the roles each call needs.",
        license = @License(name = "Proprietary", identifier = "LicenseRef-Proprietary")),
        // relative: the document holds no host, so it is the same wherever a server answers it
        servers = @Server(url = "/", description = "The server that serves this document"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class OpenApiConfiguration {

    static {
        // the caller is resolved from the token, never sent as a parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        // history payloads are the events' JSON as stored: any JSON value
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema().description("Any JSON value"));
    }

    @Bean
    public ProblemAnswers problemAnswers() {
        return new ProblemAnswers();
    }

    @Bean
    public JsonAnswers jsonAnswers() {
        return new JsonAnswers();
    }

    @Bean
    public RequestExamples requestExamples() {
        return new RequestExamples();
    }

    @Bean
    public NullableProperties nullableProperties() {
        return new NullableProperties();
    }

    @Bean
    public AnswerFields answerFields() {
        return new AnswerFields();
    }

    @Bean
    public SchemaNameClashes schemaNameClashes() {
        return new SchemaNameClashes();
    }
}
