package io.masterflow.query.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard's own scripts and styles, under {@code /dashboard/}; its libraries come from WebJars under
 * {@code /webjars/} (Boot's own mapping, with version-free paths through the WebJars locator).
 */
@Configuration
public class DashboardResources implements WebMvcConfigurer {

    static final String PATTERN = "/dashboard/**";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // revalidated on each load (a 304 when unchanged), so an upgraded server never runs yesterday's scripts
        registry.addResourceHandler(PATTERN).addResourceLocations("classpath:/dashboard/app/")
                .setCacheControl(CacheControl.noCache());
    }
}
