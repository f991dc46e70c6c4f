package io.masterflow.query.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.masterflow.query.audit.AuditEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/** How an export writes entries: CSV (RFC 4180, with a header row) or JSON lines (one object per line). */
enum AuditExportFormat {

    CSV("text/csv", "csv") {
        @Override
        void begin(Writer out) throws IOException {
            out.write(String.join(",", COLUMNS));
            out.write("\r\n");
        }

        @Override
        void write(AuditEntry entry, Writer out, ObjectMapper json) throws IOException {
            List<Object> values = List.of(entry.occurredAt(), nullable(entry.userId()),
                    nullable(entry.clientAccountId()), nullable(entry.engagementId()), nullable(entry.flowId()),
                    nullable(entry.flowVersion()), entry.eventType(), entry.summary(), nullable(entry.correlationId()),
                    nullable(entry.causationId()), entry.eventId(), nullable(entry.via()));
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(values.get(i).toString()));
            }
            out.write("\r\n");
        }
    },

    JSONL("application/x-ndjson", "jsonl") {
        @Override
        void begin(Writer out) {
        }

        @Override
        void write(AuditEntry entry, Writer out, ObjectMapper json) throws IOException {
            out.write(json.writeValueAsString(AuditItem.of(entry)));
            out.write('\n');
        }
    };

    static final List<String> COLUMNS = List.of("occurredAt", "userId", "clientAccountId", "engagementId",
            "flowId", "flowVersion", "eventType", "summary", "correlationId", "causationId", "eventId", "via");

    final String mediaType;
    final String extension;

    AuditExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    abstract void begin(Writer out) throws IOException;

    abstract void write(AuditEntry entry, Writer out, ObjectMapper json) throws IOException;

    void writeUnchecked(AuditEntry entry, Writer out, ObjectMapper json) {
        try {
            write(entry, out, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }

    /**
     * Quotes a cell when it must (RFC 4180), and defuses text a spreadsheet would run as a formula: names, reasons and
     * errors come from requests, so a leading = + - @ is prefixed with an apostrophe.
     */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
