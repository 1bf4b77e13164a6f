package dev.canopy.connector.domain.egress;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.canopy.connector.config.EgressConfig;
import dev.canopy.support.net.HostAllowlist;
import dev.canopy.support.net.OutboundGuard;
import dev.canopy.support.net.OutboundTarget;
import dev.canopy.support.net.TargetRefusedException;

/**
 * The connector's egress decision for every outbound call: connection URLs when they are saved ({@link #check}, no
 * DNS) and every request, pagination link, download link and redirect hop when it is made ({@link #resolve}: the
 * host is resolved once, every address checked, and the connection is then pinned to the returned address).
 *
 * <p>Default hosts: Atlassian sites ({@code *.atlassian.net}), the API gateway ({@code api.atlassian.com}) and the
 * media service ({@code api.media.atlassian.com}). Real Cloud moves binary downloads off the site: Jira's
 * {@code GET /rest/api/3/attachment/content/{id}} answers 303 with the file's URL in {@code Location} (reported in
 * console-helpers/jira-api-restclient#234), and Confluence's v1 attachment download answers 302 to the media host
 * with a token in the URL (the old {@code /wiki/download/...} path answers 401 to Basic auth, see
 * pchuri/confluence-cli#198 and our issue 13). Those hops are followed without the Authorization header.
 */
@ApplicationScoped
public class EgressPolicy {
    public static final List<String> ATLASSIAN_HOSTS = List.of("*.atlassian.net", "api.atlassian.com",
            "api.media.atlassian.com");

    private final EgressConfig config;
    private final OutboundGuard guard;
    private final OutboundGuard internalGuard;
    private final HostAllowlist internalHosts;

    public EgressPolicy(EgressConfig config, EgressResolver resolver) {
        this.config = config;
        List<String> hosts = new ArrayList<>(ATLASSIAN_HOSTS);
        config.allowedHosts().ifPresent(hosts::addAll);
        HostAllowlist allowed = HostAllowlist.of(hosts);
        this.guard = new OutboundGuard(config.allowInternalAddresses(), !config.allowHttp(), allowed, resolver);
        this.internalHosts = HostAllowlist.of(config.internalHosts().orElse(List.of()));
        this.internalGuard = new OutboundGuard(true, !config.allowHttp(), allowed, resolver);
    }

    /** Syntax, scheme and host allow-list only (no DNS): for request validation. */
    public OutboundTarget check(String url) {
        return guard.parse(url);
    }

    /** Full decision for a call about to be made (blocking DNS: worker threads only). */
    public OutboundGuard.ResolvedTarget resolve(String url) {
        OutboundTarget target = guard.parse(url);
        if (!internalHosts.allowsAnyHost() && internalHosts.allows(target.host())) {
            return internalGuard.resolve(target);
        }
        return guard.resolve(target);
    }

    /** A refusal as reported to tenants: the policy's reason, never a connection error or a status code. */
    public static String describe(TargetRefusedException e) {
        return "refused by egress policy: " + e.getMessage();
    }

    public int maxRedirects() {
        return config.maxRedirects();
    }

    public long maxJsonBytes() {
        return config.maxJsonBytes();
    }
}
