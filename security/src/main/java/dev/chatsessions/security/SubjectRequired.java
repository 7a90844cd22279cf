package dev.chatsessions.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token's {@code sub} is the user who owns what they create: it must be there, not blank, and free of
 * U+0000 (which PostgreSQL cannot store in text), whichever mode validated the token.
 */
final class SubjectRequired implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error MISSING = new OAuth2Error(
            OAuth2ErrorCodes.INVALID_TOKEN, "The token's sub must be present, not blank and without U+0000", null);

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        String subject = token.getSubject();
        boolean usable = subject != null && !subject.isBlank() && subject.indexOf('\u0000') < 0;
        return usable ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(MISSING);
    }
}
