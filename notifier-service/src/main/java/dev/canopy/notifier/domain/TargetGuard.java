package dev.canopy.notifier.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns an endpoint URL into the one address to connect to. Every address the host resolves to must be
 * permitted (a name that also resolves internally is refused), and the caller connects to the returned address
 * rather than resolving again, so a DNS answer that changes between check and connect cannot redirect the request.
 */
public final class TargetGuard {
    /** Name resolution, replaceable in tests to simulate DNS rebinding. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public record ResolvedTarget(WebhookTarget target, InetAddress address) {
    }

    private final AddressPolicy policy;
    private final boolean requireHttps;
    private final HostResolver resolver;

    public TargetGuard(boolean allowInternal, boolean requireHttps, HostResolver resolver) {
        this.policy = new AddressPolicy(allowInternal);
        this.requireHttps = requireHttps;
        this.resolver = resolver;
    }

    public TargetGuard(boolean allowInternal, boolean requireHttps) {
        this(allowInternal, requireHttps, InetAddress::getAllByName);
    }

    public WebhookTarget parse(String url) {
        return WebhookTarget.parse(url, requireHttps);
    }

    /** Parses, resolves and checks; blocking when the host is a name (call it off the event loop). */
    public ResolvedTarget resolve(String url) {
        return resolve(parse(url));
    }

    public ResolvedTarget resolve(WebhookTarget target) {
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

    /** True when the host is an IP literal, so resolving it needs no DNS and cannot block. */
    public static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
