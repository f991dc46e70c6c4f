package io.masterflow.migration.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.masterflow.events.EventSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A run's report as the JSON file `--report` names: indented, in the event store's own serialization of times and ids. */
public final class ReportFile {

    private static final ObjectMapper JSON = EventSerialization.objectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFile() {
    }

    public static void write(Path file, Map<String, Object> document) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), document);
    }
}
