package io.masterflow.events;

/** Someone judged a discovered asset. */
public record AssetValidated(FlowId flowId, String assetId, Verdict verdict, String notes) {

    public enum Verdict { VALIDATED, REJECTED, PENDING }
}
