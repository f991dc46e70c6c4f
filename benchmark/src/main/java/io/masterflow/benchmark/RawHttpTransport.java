package io.masterflow.benchmark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The leanest HTTP/1.1 client there is: one persistent socket per client thread, the constant headers encoded
 * once, the answer parsed in place (Content-Length or chunked). It keeps the client's share of the CPU small,
 * which matters when client and server share a machine. When the server closes the connection
 * ({@code Connection: close}, e.g. Tomcat's maxKeepAliveRequests) the next request opens a new one, as any
 * client would.
 */
final class RawHttpTransport implements HttpTransport {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final InetSocketAddress address;
    private final String basePath;
    private final byte[] fixedHeaders;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private byte[] writeBuffer = new byte[2048];
    private int writeLength;

    private final byte[] readBuffer = new byte[16384];
    private int readPosition;
    private int readLimit;
    private final StringBuilder line = new StringBuilder(128);

    RawHttpTransport(String host, int port, String basePath, String token, String engagementId) {
        this.address = new InetSocketAddress(host, port);
        this.basePath = basePath;
        String headers = "Host: " + host + ":" + port + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "X-Engagement-Id: " + engagementId + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json\r\n"
                + "User-Agent: masterflow-benchmark\r\n";
        this.fixedHeaders = headers.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Response post(String path, byte[] jsonBody) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            writeLength = 0;
            append("POST ");
            append(basePath);
            append(path);
            append(" HTTP/1.1\r\n");
            append(fixedHeaders);
            append("Content-Length: ");
            append(Integer.toString(jsonBody.length));
            append(CRLF);
            append(CRLF);
            append(jsonBody);
            out.write(writeBuffer, 0, writeLength);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setKeepAlive(true);
            fresh.setSoTimeout(READ_TIMEOUT_MILLIS);
            fresh.connect(address, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        in = fresh.getInputStream();
        out = fresh.getOutputStream();
        readPosition = 0;
        readLimit = 0;
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("the server closed the connection without answering");
        }
        int status = parseStatus(statusLine);
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String header = readLine(); ; header = readLine()) {
            if (header == null) {
                throw new EOFException("the connection closed in the middle of the headers");
            }
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly((int) contentLength);
        } else {
            body = readToEnd();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private static int parseStatus(String statusLine) throws IOException {
        // "HTTP/1.1 201 Created" (the reason phrase may be missing)
        int space = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/") || space < 0 || statusLine.length() < space + 4) {
            throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
        }
        try {
            return Integer.parseInt(statusLine.substring(space + 1, space + 4));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: " + abbreviate(statusLine));
        }
    }

    private byte[] readChunked() throws IOException {
        byte[] body = new byte[0];
        int length = 0;
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("the connection closed in the middle of a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, up to the empty line
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // ignored
                }
                return Arrays.copyOf(body, length);
            }
            byte[] chunk = readExactly(size);
            if (length + size > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, length + size));
            }
            System.arraycopy(chunk, 0, body, length, size);
            length += size;
            readLine(); // the CRLF after the chunk
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] result = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (readPosition == readLimit && !fill()) {
                throw new EOFException("the connection closed in the middle of a body");
            }
            int n = Math.min(length - copied, readLimit - readPosition);
            System.arraycopy(readBuffer, readPosition, result, copied, n);
            readPosition += n;
            copied += n;
        }
        return result;
    }

    private byte[] readToEnd() throws IOException {
        byte[] result = new byte[0];
        int length = 0;
        while (readPosition < readLimit || fill()) {
            int n = readLimit - readPosition;
            result = Arrays.copyOf(result, length + n);
            System.arraycopy(readBuffer, readPosition, result, length, n);
            length += n;
            readPosition = readLimit;
        }
        return result;
    }

    /** One header line without its CRLF; null at the end of the stream before any byte of the line. */
    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (readPosition == readLimit && !fill()) {
                return line.length() == 0 ? null : line.toString();
            }
            byte b = readBuffer[readPosition++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(readBuffer, 0, readBuffer.length);
        if (n <= 0) {
            return false;
        }
        readPosition = 0;
        readLimit = n;
        return true;
    }

    private void append(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            writeBuffer[writeLength++] = (byte) ascii.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, writeBuffer, writeLength, bytes.length);
        writeLength += bytes.length;
    }

    private void ensure(int more) {
        if (writeLength + more > writeBuffer.length) {
            writeBuffer = Arrays.copyOf(writeBuffer, Math.max(writeBuffer.length * 2, writeLength + more));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    @Override
    public void close() {
        Socket current = socket;
        socket = null;
        in = null;
        out = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
