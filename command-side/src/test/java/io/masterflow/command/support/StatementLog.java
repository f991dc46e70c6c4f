package io.masterflow.command.support;

import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a node sends to PostgreSQL, statement by statement, as the JDBC driver is asked to: each execution (a batch
 * counts once: the driver sends it in one go) and each commit or rollback is one round trip. Added to a node as a
 * source ({@code Nodes.start(url, "--spring.main.sources=" + StatementLog.class.getName())}), it wraps the node's
 * data source; {@link #record()} starts a recording, which lists the statements of every thread with its name.
 */
public class StatementLog implements BeanPostProcessor {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    /** One round trip: the thread that made it and its SQL ({@code COMMIT} and {@code ROLLBACK} for those). */
    public record Sent(String thread, String sql) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private volatile boolean recording;

    /** Forgets what was recorded and records from now on. */
    public synchronized void record() {
        sent.clear();
        recording = true;
    }

    /** What was sent since {@link #record()}, by threads whose names start with the given prefix. */
    public synchronized List<Sent> sentBy(String threadPrefix) {
        return sent.stream().filter(each -> each.thread().startsWith(threadPrefix)).toList();
    }

    private synchronized void add(String sql) {
        if (recording) {
            sent.add(new Sent(Thread.currentThread().getName(), sql));
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource) {
            return wrap(DataSource.class, dataSource, (method, args) -> {
                if (method.getName().equals("getConnection")) {
                    Connection connection = (Connection) method.invoke(dataSource, args);
                    return wrap(Connection.class, connection, (calling, callArgs) -> connection(connection, calling, callArgs));
                }
                return method.invoke(dataSource, args);
            });
        }
        return bean;
    }

    private Object connection(Connection connection, Method method, Object[] args) throws Exception {
        switch (method.getName()) {
            case "commit" -> add("COMMIT");
            case "rollback" -> add("ROLLBACK");
            default -> {
            }
        }
        Object result = method.invoke(connection, args);
        if (result instanceof Statement statement && (method.getName().startsWith("prepare") || method.getName().equals("createStatement"))) {
            String prepared = args != null && args.length > 0 && args[0] instanceof String sql ? sql : null;
            Class<? extends Statement> type = method.getReturnType().asSubclass(Statement.class);
            return wrap(type, statement, (executing, executeArgs) -> {
                if (EXECUTIONS.contains(executing.getName())) {
                    add(executeArgs != null && executeArgs.length > 0 && executeArgs[0] instanceof String sql ? sql : prepared);
                }
                return executing.invoke(statement, executeArgs);
            });
        }
        return result;
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T wrap(Class<T> type, Object target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementLog.class.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
