package dev.canopy.contracts.rest;

/** JWT claims every Canopy access token carries (RS256, verified with the configured public key). */
public final class TenantClaims {
    /** The tenant the caller acts for; every REST call is scoped to it. */
    public static final String TENANT_ID = "tenant_id";
    public static final String ISSUER = "canopy";
    /** Every service accepts only tokens whose {@code aud} names it: {@code canopy-<service>}. */
    public static final String CONNECTOR_AUDIENCE = "canopy-connector";
    public static final String INVENTORY_AUDIENCE = "canopy-inventory";
    public static final String FINDINGS_AUDIENCE = "canopy-findings";
    public static final String NOTIFIER_AUDIENCE = "canopy-notifier";

    private TenantClaims() {
    }

    /** The audience of a service by its short name ({@code connector}, {@code inventory}, ...). */
    public static String audience(String service) {
        return "canopy-" + service;
    }
}
