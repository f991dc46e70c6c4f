package io.masterflow.command.asset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads CSV (RFC 4180: quoted fields, doubled quotes inside them, line breaks inside quotes, LF or CRLF) record by
 * record as its text streams in, telling for each the line it starts on, so that a problem can be reported where a
 * person finds it. Only the record being read is held.
 */
final class CsvRecords {

    /** One record, or the reason it could not be read. */
    record Row(int line, List<String> fields, String problem) {
    }

    private CsvRecords() {
    }

    static void read(Reader text, Consumer<Row> each) throws IOException {
        Chars chars = new Chars(text);
        int line = 1;
        while (chars.peek() >= 0) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldWasQuoted = false;
            String problem = null;
            boolean endOfRecord = false;
            while (chars.peek() >= 0 && !endOfRecord) {
                char c = (char) chars.next();
                if (quoted) {
                    if (c == '"') {
                        if (chars.peek() == '"') {
                            field.append('"');
                            chars.next();
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
                    if (c == '\r' && chars.peek() == '\n') {
                        chars.next();
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

    /** The text one character at a time, with one character of look-ahead, read from the reader in blocks. */
    private static final class Chars {

        private final Reader reader;
        private final char[] block = new char[8192];
        private int position;
        private int length;

        Chars(Reader reader) {
            this.reader = reader;
        }

        /** @return the next character without taking it, or -1 at the end */
        int peek() throws IOException {
            while (position == length) {
                length = reader.read(block);
                position = 0;
                if (length < 0) {
                    length = 0;
                    return -1;
                }
            }
            return block[position];
        }

        int next() throws IOException {
            int c = peek();
            if (c >= 0) {
                position++;
            }
            return c;
        }
    }
}
