package dev.canopy.connector.attack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.canopy.connector.domain.egress.EgressResolver;
import io.quarkus.test.Mock;

/**
 * Test DNS: names under {@code canopy.test} answer fixed addresses, everything else goes to the system resolver.
 * The loopback names are where {@link FakeAtlassian} listens (the connection must be pinned to the checked address,
 * since no real DNS knows these names); the others map to private, link-local, metadata and special IPv6 addresses
 * that must be refused by the egress guard's decision, before anything connects.
 */
@Mock
public class TestResolver extends EgressResolver {
    static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("sim.canopy.test", "127.0.0.1"),
            Map.entry("media.canopy.test", "127.0.0.1"),
            Map.entry("loop.canopy.test", "127.0.0.1"),
            Map.entry("internal.canopy.test", "10.0.0.1"),
            Map.entry("private172.canopy.test", "172.16.5.4"),
            Map.entry("linklocal.canopy.test", "169.254.10.20"),
            Map.entry("metadata.canopy.test", "169.254.169.254"),
            Map.entry("cgnat.canopy.test", "100.64.0.9"),
            Map.entry("mapped.canopy.test", "::ffff:10.0.0.1"),
            Map.entry("mappedloop.canopy.test", "::ffff:127.0.0.1"),
            Map.entry("ula.canopy.test", "fd12:3456::1"),
            Map.entry("nat64.canopy.test", "64:ff9b::a00:1"),
            Map.entry("v6loop.canopy.test", "::1"));
    /** Every name looked up, in order (a refused name is looked up but never connected to). */
    static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        LOOKUPS.add(host);
        String ip = NAMES.get(host);
        if (ip != null) {
            return new InetAddress[] {InetAddress.getByName(ip)};
        }
        if (host.endsWith(".canopy.test")) {
            throw new UnknownHostException(host);
        }
        return super.resolve(host);
    }
}
