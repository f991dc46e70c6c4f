package io.masterflow.openapi;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The error answers of every operation, each an RFC 9457 problem+json body of the one {@value SCHEMA} schema. The
 * answers any call can give follow from its shape: 401 and 403 from the bearer token and its roles, 429 from its
 * account's limits, 400 from a body, query parameter or header that can be refused, 413 from a body, 404 from a path
 * that names something. The answers only an operation knows of it declares with {@link ProblemAnswer}.
 */
public class ProblemAnswers implements OperationCustomizer, OpenApiCustomizer, Ordered {

    /** Customizers that change what this one adds come after it. */
    public static final int ORDER = 0;

    static final String SCHEMA = "Problem";
    static final String MEDIA_TYPE = "application/problem+json";

    private static final Map<Integer, String> FROM_THE_SHAPE = Map.of(
            400, "The request is malformed or invalid: detail says why, field names the part at fault",
            401, "No bearer token, or one that is expired, forged or lacks masterflow's claims",
            403, "The token's roles do not allow this call, or the token does not grant the engagement it names",
            404, "Nothing the caller may see is at this path: an unknown id, or another tenant's",
            413, "The body, or a document or inventory in it, is larger than the account may send; field names the part "
                    + "at fault when one is",
            429, "The account is over its rate of calls, or holds as many long-lived requests (waiting claims and reads, "
                    + "exports, live streams) as it may: nothing was done; retry after Retry-After seconds");

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponses responses = Objects.requireNonNullElseGet(operation.getResponses(), ApiResponses::new);
        Stream.of(handler.getBeanType().getAnnotationsByType(ProblemAnswer.class), handler.getMethod().getAnnotationsByType(ProblemAnswer.class))
                .flatMap(Stream::of)
                .forEach(declared -> responses.put(String.valueOf(declared.status()), problem(declared.status(), declared.description())));
        if (operation.getRequestBody() != null || has(operation, "query") || has(operation, "header")) {
            responses.putIfAbsent("400", problem(400, FROM_THE_SHAPE.get(400)));
        }
        responses.putIfAbsent("401", problem(401, FROM_THE_SHAPE.get(401)));
        responses.putIfAbsent("403", problem(403, FROM_THE_SHAPE.get(403)));
        if (has(operation, "path")) {
            responses.putIfAbsent("404", problem(404, FROM_THE_SHAPE.get(404)));
        }
        if (operation.getRequestBody() != null) {
            responses.putIfAbsent("413", problem(413, FROM_THE_SHAPE.get(413)));
        }
        responses.putIfAbsent("429", problem(429, FROM_THE_SHAPE.get(429)));
        ApiResponses inOrder = new ApiResponses();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(answer -> inOrder.addApiResponse(answer.getKey(), answer.getValue()));
        return operation.responses(inOrder);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(SCHEMA, ModelConverters.getInstance(true).read(Problem.class).get(SCHEMA));
    }

    private static boolean has(Operation operation, String in) {
        List<Parameter> parameters = Objects.requireNonNullElse(operation.getParameters(), List.of());
        return parameters.stream().anyMatch(parameter -> in.equals(parameter.getIn()));
    }

    private static ApiResponse problem(int status, String description) {
        ApiResponse answer = new ApiResponse().description(description).content(new Content().addMediaType(MEDIA_TYPE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
        if (status == 503 || status == 429) {
            answer.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().description("Seconds to wait before retrying")
                    .schema(new Schema<>().types(Set.of("integer"))));
        }
        return answer;
    }
}
