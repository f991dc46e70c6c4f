package io.masterflow.command.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Counts an inventory's rows as the asset import will read them while its bytes stream by, in parts, keeping none of
 * them: so that an inventory over its account's row limit is refused before it is stored.
 */
sealed interface RowCounter {

    void accept(byte[] bytes, int offset, int length);

    /** @return the rows, once every byte was seen; refuses (as {@link UnreadableInventory}) what is not the format */
    long finish();

    long rows();

    /**
     * The records of CSV text after its header line: a line break inside quotes is part of a field, a line of only
     * white space is no record. Quotes and line breaks are single bytes in UTF-8 (no byte of a longer character looks
     * like them), so bytes and characters count alike.
     */
    final class Csv implements RowCounter {

        private long records;
        private boolean quoted;
        private boolean recordHasText;

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                accept(bytes[i] & 0xff);
            }
        }

        /** One character (or byte of one). */
        void accept(int c) {
            if (c == '"') {
                quoted = !quoted;
                recordHasText = true;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                if (recordHasText) {
                    records++;
                }
                recordHasText = false;
            } else if (c >= 0x80 || !Character.isWhitespace(c)) {
                recordHasText = true;
            }
        }

        @Override
        public long rows() {
            // the first record is the header line
            return Math.max(0, records + (recordHasText ? 1 : 0) - 1);
        }

        @Override
        public long finish() {
            return rows();
        }
    }

    /** The elements of a JSON array, read with Jackson's non-blocking parser: it is fed each part as it arrives. */
    final class Json implements RowCounter {

        private static final JsonFactory FACTORY = new JsonFactory();

        private final JsonParser parser;
        private final ByteArrayFeeder feeder;
        private long elements;
        private int depth;
        private boolean started;

        Json() {
            try {
                parser = FACTORY.createNonBlockingByteArrayParser();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        }

        @Override
        public void accept(byte[] bytes, int offset, int length) {
            try {
                feeder.feedInput(bytes, offset, offset + length);
                readAvailable();
            } catch (JsonProcessingException malformed) {
                throw new UnreadableInventory("the inventory is not valid JSON: " + malformed.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void readAvailable() throws IOException {
            for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE; token = parser.nextToken()) {
                if (!started) {
                    if (token != JsonToken.START_ARRAY) {
                        throw new UnreadableInventory("a JSON inventory must be an array of objects; it begins with "
                                + (token == JsonToken.START_OBJECT ? "an object" : "a single value"));
                    }
                    started = true;
                    depth = 1;
                    continue;
                }
                if (depth == 0) {
                    throw new UnreadableInventory("a JSON inventory must be one array; there is more after its end");
                }
                if (depth == 1 && token != JsonToken.END_ARRAY && token != JsonToken.FIELD_NAME) {
                    elements++;
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        }

        @Override
        public long rows() {
            return elements;
        }

        @Override
        public long finish() {
            try {
                feeder.endOfInput();
                readAvailable();
            } catch (JsonProcessingException malformed) {
                throw new UnreadableInventory("the inventory is not valid JSON: " + malformed.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!started || depth != 0) {
                throw new UnreadableInventory("the inventory is not a complete JSON array");
            }
            return elements;
        }
    }
}
