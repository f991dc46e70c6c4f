package io.masterflow.query.webhook;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs deliveries to receivers, and is careful with them: the host's addresses are judged by {@link ReceiverAddresses}
 * as the connection is made; connecting and each read have a timeout, and a whole exchange is cut off after both
 * together (a receiver answering a byte at a time cannot hold a sender); redirects are not followed (a redirect to an
 * internal address would get around the address rule); no proxy, cookies or retries of its own; of the answer only
 * the status and the first {@value #ANSWER_LIMIT} bytes are read.
 */
public class ReceiverClient implements AutoCloseable {

    static final int ANSWER_LIMIT = 1024;

    /** What a receiver answered: its status and the start of its body. */
    public record Answer(int status, String excerpt) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /** An attempt cut off after the connect and read timeouts together. */
    public static final class TooSlow extends IOException {
        TooSlow(Duration limit, IOException cause) {
            super("no complete answer within " + limit.toMillis() + " ms", cause);
        }
    }

    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;
    private final Duration exchangeLimit;

    public ReceiverClient(ReceiverAddresses addresses, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(addresses)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("masterflow-webhooks")
                .build();
        this.exchangeLimit = connectTimeout.plus(readTimeout);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** POSTs the JSON body; an answer of any status is returned, no answer at all is an IOException. */
    public Answer post(URI url, Map<String, String> headers, String body) throws IOException {
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, exchangeLimit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response;
            try {
                response = client.executeOpen(null, post, null);
            } catch (IOException failure) {
                throw post.isCancelled() ? new TooSlow(exchangeLimit, failure) : failure;
            }
            return new Answer(response.getCode(), excerpt(response, post));
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * The start of the answer's body. A longer body is not read on: the exchange is cancelled, which closes the
     * connection, where closing the answer would read the rest to keep the connection.
     */
    private static String excerpt(ClassicHttpResponse response, HttpPost post) {
        byte[] start = new byte[0];
        try (response) {
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                InputStream content = entity.getContent();
                start = content.readNBytes(ANSWER_LIMIT);
                if (start.length == ANSWER_LIMIT && content.read() >= 0) {
                    post.cancel();
                }
            }
        } catch (IOException cutShort) {
            // the status is the answer; a body cut short (too long, too slow, closed) changes nothing about it
        }
        return new String(start, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
