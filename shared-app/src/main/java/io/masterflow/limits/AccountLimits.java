package io.masterflow.limits;

import org.springframework.util.unit.DataSize;

/**
 * What one account may take of a node: the sizes of what it sends, the rate of its calls, and how many of its
 * long-lived requests may be open at once.
 *
 * @param requestBody    the largest request body (an inventory's excepted)
 * @param document       the largest configuration, input or output of one request, as JSON
 * @param inventoryBytes the largest body of a request that carries an asset inventory
 * @param inventoryRows  the most rows (CSV records or JSON objects) of one inventory
 * @param commands       calls that change something (POST, DELETE) per second
 * @param reads          reads (GET) per second
 * @param liveStreams    live streams open at once
 * @param waitingReads   reads waiting for the read model (minVersion with waitMs) at once; each holds a request thread
 * @param waitingClaims  worker claims waiting for work (waitSeconds) at once
 * @param exports        audit exports streaming at once; each holds a database connection
 */
public record AccountLimits(DataSize requestBody, DataSize document, DataSize inventoryBytes, long inventoryRows, Rate commands,
                            Rate reads, int liveStreams, int waitingReads, int waitingClaims, int exports) {
}
