package io.masterflow.standalone;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;

/** Reads a token back the way the server does: refused unless it carries a valid signature by the given secret. */
final class Jwts {

    private Jwts() {
    }

    static JWTClaimsSet verifiedClaims(String token, String secret) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
            throw new AssertionError("the token is not signed with the expected secret");
        }
        return jwt.getJWTClaimsSet();
    }
}
