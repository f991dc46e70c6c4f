package io.masterflow.standalone.dashboard;

import io.masterflow.standalone.Quickstart;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A browser test of the dashboard: the quickstart shared by the test run, a Chromium of the test class's own, and a
 * {@link QuickstartApi} to make data through the real HTTP API. Test methods take {@link Quickstart},
 * {@link Browser} and {@link QuickstartApi} as parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({ChromiumRequirement.class, Dashboard.Extension.class})
public @interface Dashboard {

    final class Extension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Dashboard.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            Quickstart app = Quickstart.shared(context);
            context.getStore(NAMESPACE).put(Browser.class, Browser.start(app.baseUrl()));
        }

        @Override
        public void afterAll(ExtensionContext context) {
            Browser browser = context.getStore(NAMESPACE).remove(Browser.class, Browser.class);
            if (browser != null) {
                browser.close();
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == Quickstart.class || type == Browser.class || type == QuickstartApi.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            Quickstart app = Quickstart.shared(context);
            if (type == Quickstart.class) {
                return app;
            }
            if (type == QuickstartApi.class) {
                return new QuickstartApi(app.baseUrl());
            }
            return context.getParent().orElseThrow().getStore(NAMESPACE).get(Browser.class, Browser.class);
        }
    }
}
