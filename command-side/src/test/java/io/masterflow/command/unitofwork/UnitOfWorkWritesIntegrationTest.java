package io.masterflow.command.unitofwork;

import io.masterflow.command.support.IntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A unit of work's writes wait for it to prepare its commit, then run in the order asked, in its transaction. */
class UnitOfWorkWritesIntegrationTest extends IntegrationTest {

    @Autowired
    private UnitOfWorkWrites writes;

    @Autowired
    private TransactionManager axonTransactions;

    @BeforeEach
    void scratchTable() {
        jdbc.execute("create table if not exists unit_of_work_writes_test (id text primary key, note text not null)");
    }

    @Test
    void the_writes_of_a_unit_of_work_wait_for_its_commit_and_run_in_the_order_asked() {
        String id = UUID.randomUUID().toString();
        List<String> returned = new ArrayList<>();
        UnitOfWork<?> unitOfWork = transactional(DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("test")));

        writes.writeReturning("insert into unit_of_work_writes_test (id, note) values (?, ?) returning note",
                row -> returned.add(row.getString(1)), id, "made");
        writes.write("update unit_of_work_writes_test set note = note || ' then changed' where id = ?", id);
        assertThat(note(id)).as("held, even from the unit of work's own transaction").isNull();
        assertThat(returned).isEmpty();
        unitOfWork.commit();

        assertThat(note(id)).isEqualTo("made then changed");
        assertThat(returned).containsExactly("made");
    }

    @Test
    void a_nested_unit_of_work_rolled_back_writes_nothing_while_its_parent_writes_what_it_asked() {
        String kept = UUID.randomUUID().toString();
        String dropped = UUID.randomUUID().toString();
        UnitOfWork<?> parent = transactional(DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("parent")));
        writes.write("insert into unit_of_work_writes_test (id, note) values (?, 'parent')", kept);

        DefaultUnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("nested"));
        writes.write("insert into unit_of_work_writes_test (id, note) values (?, 'nested')", dropped);
        nested.rollback();
        parent.commit();

        assertThat(note(kept)).isEqualTo("parent");
        assertThat(note(dropped)).isNull();
    }

    @Test
    void outside_a_unit_of_work_a_write_is_sent_at_once() {
        String id = UUID.randomUUID().toString();

        writes.write("insert into unit_of_work_writes_test (id, note) values (?, 'at once')", id);

        assertThat(note(id)).isEqualTo("at once");
    }

    private UnitOfWork<?> transactional(UnitOfWork<?> unitOfWork) {
        unitOfWork.attachTransaction(axonTransactions);
        return unitOfWork;
    }

    private String note(String id) {
        return jdbc.query("select note from unit_of_work_writes_test where id = ?", (rows, i) -> rows.getString(1), id)
                .stream().findFirst().orElse(null);
    }
}
