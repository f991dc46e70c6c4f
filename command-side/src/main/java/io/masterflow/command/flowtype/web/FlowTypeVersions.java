package io.masterflow.command.flowtype.web;

import java.util.List;

/** Every version of one flow type, oldest first. */
public record FlowTypeVersions(String type, List<FlowTypeVersionView> versions) {
}
