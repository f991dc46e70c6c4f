package io.masterflow.legacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Instant;

/**
 * {@code masterflow.legacy.*}: the compatibility layer's switch and its deprecation dates (documented in README's
 * configuration table and application-standalone.yml).
 *
 * @param enabled         serve the legacy endpoints and legacy flow ids; {@code false}: the legacy paths answer 410
 *                        with their successor's link, and ids are flow ids only
 * @param deprecatedSince the {@code Deprecation} date every legacy answer carries (RFC 9745)
 * @param sunset          the {@code Sunset} date every legacy answer carries (RFC 8594): when the layer goes
 */
@ConfigurationProperties("masterflow.legacy")
public record LegacyProperties(Boolean enabled, Instant deprecatedSince, Instant sunset) {

    public LegacyProperties {
        enabled = enabled == null || enabled;
        deprecatedSince = deprecatedSince == null ? Instant.parse("2026-12-01T00:00:00Z") : deprecatedSince;
        sunset = sunset == null ? Instant.parse("2027-06-30T00:00:00Z") : sunset;
    }
}
