package io.masterflow.overload;

import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

import java.util.concurrent.TimeUnit;

/** Tomcat's own worker pool (same queue, same growth rules, same thread names), stamping each request's queue entry. */
class QueueTimingExecutor extends ThreadPoolExecutor {

    QueueTimingExecutor(int minSpareThreads, int maxThreads, int maxQueueCapacity) {
        super(minSpareThreads, maxThreads, 60, TimeUnit.SECONDS, new TaskQueue(maxQueueCapacity),
                new TaskThreadFactory("http-nio-exec-", true, Thread.NORM_PRIORITY));
        ((TaskQueue) getQueue()).setParent(this);
    }

    @Override
    public void execute(Runnable work) {
        super.execute(QueueWait.stamped(work));
    }
}
