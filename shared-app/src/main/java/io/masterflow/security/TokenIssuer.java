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
        return sign(claims(userId, roles, validity)
                .claim(TokenClaims.CLIENT_ACCOUNT_ID, clientAccountId.toString())
                .claim(TokenClaims.ENGAGEMENT_IDS, List.copyOf(engagementIds)));
    }

    /** A platform operator's token: tied to no account, so it names none. */
    public String issuePlatformOperator(String userId, Duration validity) {
        return sign(claims(userId, List.of(Roles.PLATFORM_OPERATOR), validity));
    }

    private static JWTClaimsSet.Builder claims(String userId, List<String> roles, Duration validity) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(TokenClaims.ROLES, List.copyOf(roles))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)));
    }

    private String sign(JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token: " + e.getMessage(), e);
        }
    }
}
