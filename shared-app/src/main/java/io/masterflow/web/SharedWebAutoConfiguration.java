package io.masterflow.web;

import io.masterflow.limits.LimitsConfiguration;
import io.masterflow.overload.OverloadConfiguration;
import io.masterflow.security.CallerArgumentResolver;
import io.masterflow.security.PlatformApiAuthorizations;
import io.masterflow.security.SecurityConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/** What every masterflow API shares: token security, the caller resolver, limits, problem+json errors, OpenAPI. */
// before Web MVC, whose own problem-details handler backs off only when it finds ours already defined, and before
// validation, whose method-validation post-processor backs off for ours
@AutoConfiguration(before = {WebMvcAutoConfiguration.class, ValidationAutoConfiguration.class})
@Import({SecurityConfiguration.class, PlatformApiAuthorizations.class, CallerArgumentResolver.class, WebConfiguration.class, ProblemResponses.class,
        ApiExceptionHandler.class, RequestTextInspection.class, LimitsConfiguration.class, OverloadConfiguration.class, OpenApiConfiguration.class, MethodValidationConfiguration.class, CompletedFutureAnswers.class})
public class SharedWebAutoConfiguration {
}
