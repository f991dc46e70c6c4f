package io.masterflow.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Gives the quickstart a token signing secret nobody has to choose: the data folder's own. A secret set by the
 * operator wins, and so does an identity provider: the command side would otherwise prefer the secret over it.
 */
final class DevSigningSecret implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DevSigningSecret.class);

    static final String SECRET_PROPERTY = "masterflow.security.jwt.secret";
    private static final String[] IDENTITY_PROVIDER_PROPERTIES = {
            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri"};

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (StringUtils.hasText(environment.getProperty(SECRET_PROPERTY))) {
            log.info("Bearer tokens are verified with the secret set in {}", SECRET_PROPERTY);
            return;
        }
        for (String property : IDENTITY_PROVIDER_PROPERTIES) {
            if (StringUtils.hasText(environment.getProperty(property))) {
                return;
            }
        }
        DataDirectory directory = DataDirectory.of(environment);
        String secret;
        try {
            secret = SigningSecretFile.loadOrCreate(directory.signingSecret());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing secret " + directory.signingSecret(), e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("masterflowDevSigningSecret", Map.of(SECRET_PROPERTY, secret)));
        log.info("Bearer tokens are signed and verified with the secret in {}", directory.signingSecret());
    }

    /** After the configuration files are read: they may set a secret, an identity provider or the data directory. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
