package dev.canopy.support.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one egress decision of every service that calls out on a tenant's behalf (webhook deliveries, Atlassian API
 * calls, their pagination and download links and every redirect hop). A URL passes when its scheme is allowed, its
 * host is on the {@link HostAllowlist}, and every address the host resolves to is permitted by the
 * {@link AddressPolicy} (a name that also resolves internally is refused). The caller then connects to the returned
 * address rather than resolving again, so a DNS answer that changes between check and connect cannot redirect the
 * request (DNS rebinding).
 *
 * <p>Tests prove refusals through this decision with an injected {@link HostResolver}: a test host name mapped to
 * 10.0.0.1 is refused before anything connects, so no test ever sends traffic to a non-loopback address.
 */
public final class OutboundGuard {
    /** Name resolution, replaceable in tests to simulate private, metadata and rebinding answers. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        HostResolver SYSTEM = InetAddress::getAllByName;
    }

    /** A checked target and the one address the connection must use. */
    public record ResolvedTarget(OutboundTarget target, InetAddress address) {
    }

    private final AddressPolicy policy;
    private final boolean requireHttps;
    private final HostAllowlist hosts;
    private final HostResolver resolver;

    public OutboundGuard(boolean allowInternal, boolean requireHttps, HostAllowlist hosts, HostResolver resolver) {
        this.policy = new AddressPolicy(allowInternal);
        this.requireHttps = requireHttps;
        this.hosts = hosts;
        this.resolver = resolver;
    }

    public OutboundGuard(boolean allowInternal, boolean requireHttps, HostResolver resolver) {
        this(allowInternal, requireHttps, HostAllowlist.anyHost(), resolver);
    }

    public OutboundGuard(boolean allowInternal, boolean requireHttps) {
        this(allowInternal, requireHttps, HostResolver.SYSTEM);
    }

    /** Syntax, scheme and host name only (no DNS): cheap enough for request validation on the event loop. */
    public OutboundTarget parse(String url) {
        OutboundTarget target = OutboundTarget.parse(url, requireHttps);
        if (!hosts.allows(target.host())) {
            throw new TargetRefusedException("host " + target.host() + " is not an allowed host (allowed: " + hosts + ")");
        }
        return target;
    }

    /** Parses, resolves and checks; blocking when the host is a name (call it off the event loop). */
    public ResolvedTarget resolve(String url) {
        return resolve(parse(url));
    }

    public ResolvedTarget resolve(OutboundTarget target) {
        if (!hosts.allows(target.host())) {
            throw new TargetRefusedException("host " + target.host() + " is not an allowed host (allowed: " + hosts + ")");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(target.host());
        } catch (UnknownHostException e) {
            throw new TargetRefusedException("host " + target.host() + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new TargetRefusedException("host " + target.host() + " does not resolve");
        }
        for (InetAddress a : addresses) {
            policy.check(target.host(), a);
        }
        return new ResolvedTarget(target, addresses[0]);
    }

    public boolean requiresHttps() {
        return requireHttps;
    }

    public HostAllowlist hosts() {
        return hosts;
    }

    /** True when the host is an IP literal, so resolving it needs no DNS and cannot block. */
    public static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
