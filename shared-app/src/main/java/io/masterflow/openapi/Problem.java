package io.masterflow.openapi;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The shape of every error answer, as the API description shows it; {@code ProblemResponses} writes them. */
@Schema(name = ProblemAnswers.SCHEMA, description = "An error answer: RFC 9457 problem details")
record Problem(
        @Schema(requiredMode = REQUIRED, description = "A URN per kind of problem, stable: clients switch on it",
                example = "urn:masterflow:problem:conflict") String type,
        @Schema(requiredMode = REQUIRED, description = "The HTTP status's reason phrase", example = "Conflict") String title,
        @Schema(requiredMode = REQUIRED, description = "The HTTP status code", example = "409") int status,
        @Schema(requiredMode = REQUIRED, description = "What was refused and why, for a person",
                example = "flow 0f942894-8eb5-4da7-976c-c8c01535d57b is at version 6, not 5") String detail,
        @Schema(requiredMode = REQUIRED, description = "The path of the refused request",
                example = "/api/v1/flows/0f942894-8eb5-4da7-976c-c8c01535d57b/pause") String instance,
        @Schema(description = "On a 400: the body field (a JSON path such as configuration.waves), query parameter or "
                + "header at fault", example = "flowType") String field) {
}
