package dev.canopy.console.domain;

import java.time.Instant;
import java.util.Set;

import dev.canopy.contracts.rest.Roles;

/**
 * A signed-in user as the console knows them after verifying the sign-in: the tenant and roles come only from the
 * verified sign-in (an ID token's claims or the local sign-in), never from the browser afterwards. The browser holds
 * only the session id (an HttpOnly, SameSite=Strict cookie); {@code csrf} is the token every form POST must echo.
 */
public record ConsoleSession(String id, String tenant, String subject, String displayName, Set<String> roles,
        String csrf, String signedInVia, Instant createdAt) {

    public boolean admin() {
        return roles.contains(Roles.TENANT_ADMIN);
    }

    public String roleLabel() {
        return admin() ? Roles.TENANT_ADMIN : Roles.TENANT_READER;
    }
}
