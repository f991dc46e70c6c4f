package io.masterflow.command.task;

import io.masterflow.command.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting claims hear of a task only once the transaction that made it has committed, however wide that transaction
 * is: told earlier, they would look for the task before it is visible, miss it, and wait for their next look.
 */
class TaskSignalsIntegrationTest extends IntegrationTest {

    @Autowired
    private TaskSignals signals;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private String handler;

    @BeforeEach
    void listen() {
        handler = "test-handler-" + UUID.randomUUID();
        signals.subscribe(heard::add);
    }

    @Test
    void a_task_made_in_a_transaction_is_signalled_after_its_commit() {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            signals.taskCreated(handler);
            assertThat(heard).as("signalled before the commit").doesNotContain(handler);
        });

        assertThat(heard).contains(handler);
    }

    @Test
    void a_task_made_in_a_transaction_that_rolls_back_is_never_signalled() {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            signals.taskCreated(handler);
            status.setRollbackOnly();
        });

        assertThat(heard).doesNotContain(handler);
    }

    @Test
    void a_task_made_outside_a_transaction_is_signalled_at_once() {
        signals.taskCreated(handler);

        assertThat(heard).contains(handler);
    }
}
