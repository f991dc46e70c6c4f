package io.masterflow.benchmark.phase;

import io.masterflow.command.axon.LruCache;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Each request's time inside Tomcat (from its arrival to its answer, over every dispatch it took) and the CPU time
 * its threads spent on it meanwhile: what the server did, apart from the client and the network, and whether a slow
 * request was slow because it worked longer or because it waited.
 */
final class ServerTimes {

    /** @param wall nanoseconds from Tomcat's first sight of the request to its answer; @param cpu its threads' CPU nanoseconds */
    record Time(long wall, long cpu) {
    }

    private static final String ARRIVED = ServerTimes.class.getName() + ".arrived";
    private static final String CPU = ServerTimes.class.getName() + ".cpu";
    private static final int REMEMBERED = 100_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LruCache times = new LruCache(REMEMBERED);

    private ServerTimes() {
    }

    static ServerTimes watch(ConfigurableApplicationContext app) {
        ServerTimes watch = new ServerTimes();
        ValveBase valve = new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                if (request.getAttribute(ARRIVED) == null) {
                    request.setAttribute(ARRIVED, System.nanoTime());
                    request.setAttribute(CPU, 0L);
                }
                try {
                    getNext().invoke(request, response);
                } finally {
                    long cpu = (Long) request.getAttribute(CPU) + THREADS.getCurrentThreadCpuTime() - cpuBefore;
                    request.setAttribute(CPU, cpu);
                    if (!request.isAsyncStarted()) {
                        watch.times.put(request.getRequestURI(), new Time(System.nanoTime() - (Long) request.getAttribute(ARRIVED), cpu));
                    }
                }
            }
        };
        ((TomcatWebServer) ((ServletWebServerApplicationContext) app).getWebServer()).getTomcat().getEngine().getPipeline().addValve(valve);
        return watch;
    }

    /**
     * The last request to the path, once answered; a client may read its answer before Tomcat is done with it, so ask
     * after the measure, not right after the answer.
     */
    Time time(String path) {
        return times.get(path);
    }
}
