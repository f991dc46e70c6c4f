package io.masterflow.command.asset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads CSV (RFC 4180: quoted fields, doubled quotes inside them, line breaks inside quotes, LF or CRLF) record by
 * record, telling for each the line it starts on, so that a problem can be reported where a person finds it.
 */
final class CsvRecords {

    /** One record, or the reason it could not be read. */
    record Row(int line, List<String> fields, String problem) {
    }

    private CsvRecords() {
    }

    static void read(String text, Consumer<Row> each) {
        int line = 1;
        int position = 0;
        int length = text.length();
        while (position < length) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldWasQuoted = false;
            String problem = null;
            boolean endOfRecord = false;
            while (position < length && !endOfRecord) {
                char c = text.charAt(position++);
                if (quoted) {
                    if (c == '"') {
                        if (position < length && text.charAt(position) == '"') {
                            field.append('"');
                            position++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"') {
                    if (field.length() > 0 || fieldWasQuoted) {
                        problem = problem == null ? "a quote inside an unquoted field" : problem;
                    }
                    quoted = true;
                    fieldWasQuoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldWasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && position < length && text.charAt(position) == '\n') {
                        position++;
                    }
                    line++;
                    endOfRecord = true;
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                problem = "a quoted field is never closed";
            }
            fields.add(field.toString());
            boolean blank = fields.size() == 1 && fields.get(0).isBlank() && !fieldWasQuoted;
            if (!blank) {
                each.accept(new Row(startLine, fields, problem));
            }
        }
    }
}
