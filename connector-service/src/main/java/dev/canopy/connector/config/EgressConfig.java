package dev.canopy.connector.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the connector may send requests (see README "Security model"). By default only Atlassian's own hosts over
 * HTTPS at public addresses; operators widen it explicitly.
 */
@ConfigMapping(prefix = "canopy.connector.egress")
public interface EgressConfig {
    /** Host names allowed in addition to Atlassian's ({@code CANOPY_CONNECTOR_ALLOWED_HOSTS}; {@code *.x} wildcards). */
    Optional<List<String>> allowedHosts();

    /**
     * Allow addresses in loopback, private, link-local, CGNAT and IPv6 local ranges for every allowed host
     * ({@code CANOPY_CONNECTOR_ALLOW_INTERNAL_ADDRESSES}): only for the simulator or a lab. Cloud metadata addresses
     * stay refused.
     */
    @WithDefault("false")
    boolean allowInternalAddresses();

    /** Allowed host names that, alone, may resolve to internal addresses (e.g. an egress proxy); metadata stays refused. */
    Optional<List<String>> internalHosts();

    /** Allow plain http ({@code CANOPY_CONNECTOR_ALLOW_HTTP}): only for the simulator. */
    @WithDefault("false")
    boolean allowHttp();

    /** Redirect hops followed per request, each re-checked. */
    @WithDefault("5")
    int maxRedirects();

    /** Largest JSON answer read (bytes); a larger one is cut off and that call fails. */
    @WithDefault("16777216")
    long maxJsonBytes();
}
