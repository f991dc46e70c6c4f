package io.masterflow.query.live;

import java.util.Comparator;

/**
 * A place in the flow change log: the writing transaction's id and the change's serial within the log. Changes are
 * read in this order (see V6__flow_change_log.sql); a stream's event id seals its text form, {@code xid-serial}.
 */
public record ChangePosition(long xid, long serial) implements Comparable<ChangePosition> {

    public static final ChangePosition START = new ChangePosition(0, 0);

    private static final Comparator<ChangePosition> ORDER =
            Comparator.comparingLong(ChangePosition::xid).thenComparingLong(ChangePosition::serial);

    public ChangePosition {
        if (xid < 0 || serial < 0) {
            throw new IllegalArgumentException("a change position is two non-negative numbers: " + xid + "-" + serial);
        }
    }

    /** @throws IllegalArgumentException for text this side did not write */
    public static ChangePosition parse(String text) {
        String[] parts = text.trim().split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a change position: " + text);
        }
        try {
            return new ChangePosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException notNumbers) {
            throw new IllegalArgumentException("not a change position: " + text, notNumbers);
        }
    }

    public ChangePosition latest(ChangePosition other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(ChangePosition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return xid + "-" + serial;
    }
}
