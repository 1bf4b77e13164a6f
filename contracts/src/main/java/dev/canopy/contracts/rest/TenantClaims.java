package dev.canopy.contracts.rest;

/** JWT claims every Canopy access token carries (RS256, verified with the configured public key). */
public final class TenantClaims {
    /** The tenant the caller acts for; every REST call is scoped to it. */
    public static final String TENANT_ID = "tenant_id";
    public static final String ISSUER = "canopy";

    private TenantClaims() {
    }
}
