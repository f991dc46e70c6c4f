package io.masterflow.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs HS256 bearer tokens with the shared secret: the quickstart's demo token, the {@code token} command and
 * the tests use it. Production deployments normally get tokens from their identity provider instead.
 */
public class TokenIssuer {

    private final byte[] secret;

    public TokenIssuer(String secret) {
        this.secret = HmacSecret.bytes(secret);
    }

    public String issue(String userId, UUID clientAccountId, List<String> engagementIds, List<String> roles, Duration validity) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(TokenClaims.CLIENT_ACCOUNT_ID, clientAccountId.toString())
                .claim(TokenClaims.ENGAGEMENT_IDS, List.copyOf(engagementIds))
                .claim(TokenClaims.ROLES, List.copyOf(roles))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token: " + e.getMessage(), e);
        }
    }
}
