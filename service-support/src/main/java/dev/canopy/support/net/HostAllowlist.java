package dev.canopy.support.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which host names an outbound call may name. An entry is an exact host ({@code api.atlassian.com}) or a wildcard
 * for any subdomain ({@code *.atlassian.net} matches {@code acme.atlassian.net} and {@code a.b.atlassian.net}, not
 * {@code atlassian.net} itself, and never {@code evilatlassian.net}). The entry {@code *} alone allows every host
 * name (the address rules of {@link AddressPolicy} still apply). Entries are normalised like {@link OutboundTarget}
 * hosts, so {@code localhost.} cannot slip past an entry for {@code localhost}.
 */
public final class HostAllowlist {
    private final List<String> exact = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();
    private final boolean any;

    private HostAllowlist(Collection<String> entries) {
        boolean anyHost = false;
        for (String raw : entries) {
            String e = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*")) {
                anyHost = true;
            } else if (e.startsWith("*.")) {
                suffixes.add("." + OutboundTarget.normaliseHost(e.substring(2)));
            } else if (e.contains("*")) {
                throw new IllegalArgumentException("allowed host '" + raw + "': a wildcard may only be a leading '*.'");
            } else {
                exact.add(OutboundTarget.normaliseHost(e));
            }
        }
        this.any = anyHost;
    }

    public static HostAllowlist of(Collection<String> entries) {
        return new HostAllowlist(entries);
    }

    public static HostAllowlist anyHost() {
        return new HostAllowlist(List.of("*"));
    }

    /** {@code host} must already be normalised ({@link OutboundTarget#host()}). */
    public boolean allows(String host) {
        if (any) {
            return true;
        }
        if (exact.contains(host)) {
            return true;
        }
        for (String s : suffixes) {
            if (host.endsWith(s) && host.length() > s.length()) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsAnyHost() {
        return any;
    }

    @Override
    public String toString() {
        if (any) {
            return "*";
        }
        List<String> all = new ArrayList<>(exact);
        suffixes.forEach(s -> all.add("*" + s));
        return String.join(",", all);
    }
}
