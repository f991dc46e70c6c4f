package io.masterflow.limits;

import io.masterflow.security.TokenAccount;
import io.masterflow.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bounds every request body by its account's limit ({@link AccountLimits#requestBody()}, or the larger one of a
 * {@link LargeRequestBody}): a body that declares more is refused before a byte of it is read, and one that sends more
 * than it declared (or declares nothing, chunked) fails when it passes the limit. Either way the answer is a 413.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final Limits limits;
    private final List<LargeRequestBody> largeBodies;
    private final ProblemResponses problems;

    RequestBodyLimitFilter(Limits limits, List<LargeRequestBody> largeBodies, ProblemResponses problems) {
        this.limits = limits;
        this.largeBodies = List.copyOf(largeBodies);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AccountLimits account = limits.of(TokenAccount.current().orElse(null));
        long limit = largeBodies.stream().filter(large -> large.matches(request)).findFirst()
                .map(large -> large.limit().apply(account)).orElse(account.requestBody()).toBytes();
        if (request.getContentLengthLong() > limit) {
            problems.send(request, response, ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, BodyTooLarge.detail(limit)), null);
            return;
        }
        chain.doFilter(new LimitedBody(request, limit), response);
    }


    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream body, long limit) {
            this.body = body;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                counted(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = body.read(buffer, offset, length);
            if (count > 0) {
                counted(count);
            }
            return count;
        }

        private void counted(int bytes) throws BodyTooLarge {
            read += bytes;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
