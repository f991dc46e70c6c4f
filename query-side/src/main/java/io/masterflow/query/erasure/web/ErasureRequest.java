package io.masterflow.query.erasure.web;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

/** Whom to erase: a user (the {@code sub} of their tokens) or a whole account; exactly one of the two. */
public record ErasureRequest(
        @Nullable @Schema(description = "The user to erase: the sub of their tokens", example = "alice") String userId,
        @Nullable @Schema(description = "The account whose users are all erased (platform operator only)",
                format = "uuid") String accountId) {
}
