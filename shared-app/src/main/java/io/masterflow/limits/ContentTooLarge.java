package io.masterflow.limits;

/** A request larger than its account may send (413), naming the field at fault when one is. */
public class ContentTooLarge extends RuntimeException {

    private final String field;

    public ContentTooLarge(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
