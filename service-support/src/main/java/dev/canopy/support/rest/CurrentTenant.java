package dev.canopy.support.rest;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.canopy.contracts.rest.ProblemException;
import dev.canopy.contracts.rest.TenantClaims;

/**
 * The tenant of the current request, taken from the verified access token and nowhere else: no request parameter
 * or path can widen it. Stores take it as their first argument for every read and write.
 */
@RequestScoped
public class CurrentTenant {

    @Inject
    JsonWebToken token;

    public String id() {
        String tenant = token == null ? null : token.getClaim(TenantClaims.TENANT_ID);
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(403, "Forbidden",
                    "the access token carries no '" + TenantClaims.TENANT_ID + "' claim", List.of());
        }
        return tenant;
    }

    /** Account or client that made the call, for audit fields such as "suppressed by". */
    public String actor() {
        return token == null || token.getSubject() == null ? "unknown" : token.getSubject();
    }
}
