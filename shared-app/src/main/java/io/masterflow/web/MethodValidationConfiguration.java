package io.masterflow.web;

import jakarta.validation.Validator;
import org.aopalliance.aop.Advice;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.validation.beanvalidation.FilteredMethodValidationPostProcessor;
import org.springframework.boot.validation.beanvalidation.MethodValidationExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Spring Boot's validation of {@code @Validated} controllers' parameters, as Boot configures it, except that the
 * validator is looked up once. Boot hands the interceptor a lazy bean provider, and the interceptor asks it for the
 * validator twice per call (arguments, return value): a bean-factory dependency resolution each time, on every
 * command (bench/journal/command-api.md, fourth series). Still lazy: the first validated call looks it up.
 */
@Configuration(proxyBeanMethods = false)
public class MethodValidationConfiguration {

    /** Replaces Boot's bean of the same name (it backs off when one exists), with Boot's two properties. */
    @Bean
    public static FilteredMethodValidationPostProcessor methodValidationPostProcessor(
            Environment environment, ObjectProvider<Validator> validator, ObjectProvider<MethodValidationExcludeFilter> excludeFilters) {
        FilteredMethodValidationPostProcessor processor = new ValidatorLookedUpOnce(excludeFilters.orderedStream());
        processor.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
        processor.setAdaptConstraintViolations(
                environment.getProperty("spring.validation.method.adapt-constraint-violations", Boolean.class, false));
        processor.setValidatorProvider(validator);
        return processor;
    }

    private static final class ValidatorLookedUpOnce extends FilteredMethodValidationPostProcessor {

        ValidatorLookedUpOnce(Stream<? extends MethodValidationExcludeFilter> excludeFilters) {
            super(excludeFilters);
        }

        @Override
        protected Advice createMethodValidationAdvice(Supplier<Validator> validator) {
            return super.createMethodValidationAdvice(SingletonSupplier.of(validator));
        }
    }
}
