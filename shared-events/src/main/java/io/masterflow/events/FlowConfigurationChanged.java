package io.masterflow.events;

import java.util.Map;

/**
 * The flow's configuration was changed by a JSON merge patch (RFC 7396).
 *
 * @param patch         the patch as the caller sent it: what changed
 * @param configuration the whole configuration after it
 */
public record FlowConfigurationChanged(FlowId flowId, Map<String, Object> patch, Map<String, Object> configuration) {
}
