package io.masterflow.overload;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives the API's Tomcat connector a {@link QueueTimingExecutor} sized by {@code server.tomcat.threads.*}, as Tomcat
 * would size its own, and stops it with the application (Tomcat stops only the pools it made itself).
 */
class QueueTimedWorkers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, DisposableBean {

    private final OverloadProperties overload;
    private final ServerProperties.Tomcat.Threads threads;
    private QueueTimingExecutor workers;

    QueueTimedWorkers(OverloadProperties overload, ServerProperties server) {
        this.overload = overload;
        this.threads = server.getTomcat().getThreads();
    }

    @Override
    public synchronized void customize(TomcatServletWebServerFactory factory) {
        if (!overload.enabled()) {
            return;
        }
        if (workers == null) {
            workers = new QueueTimingExecutor(threads.getMinSpare(), threads.getMax(), threads.getMaxQueueCapacity());
        }
        QueueTimingExecutor pool = workers;
        factory.addProtocolHandlerCustomizers(protocol -> protocol.setExecutor(pool));
    }

    @Override
    public synchronized void destroy() {
        if (workers != null) {
            workers.shutdown();
        }
    }
}
