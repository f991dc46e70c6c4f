package io.masterflow.limits;

/**
 * A token bucket: {@code perSecond} requests a second on average, and bursts of up to {@code burst} at once.
 */
public record Rate(long perSecond, long burst) {

    public Rate {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate needs per-second and burst of at least 1: " + perSecond + "/" + burst);
        }
    }
}
