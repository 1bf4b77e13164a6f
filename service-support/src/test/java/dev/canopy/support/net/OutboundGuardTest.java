package dev.canopy.support.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SSRF protection with internal targets NOT allowed, as in production. */
class OutboundGuardTest {
    private static final InetAddress PUBLIC = ip("93.184.216.34");

    private final OutboundGuard production = new OutboundGuard(false, true, host -> switch (host) {
        case "hooks.example.com" -> new InetAddress[] { PUBLIC };
        case "internal.example.com" -> new InetAddress[] { ip("10.1.2.3") };
        case "mixed.example.com" -> new InetAddress[] { PUBLIC, ip("127.0.0.1") };
        default -> InetAddress.getAllByName(host);
    });

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1/hook", "https://127.1.2.3:8443/hook", "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.5/hook", "https://172.16.3.4/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook",
            "https://0.0.0.0/hook", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[fe80::1]/hook",
            "https://[fd00:ec2::254]/latest", "https://[fc00::5]/hook", "https://localhost/hook",
            "https://internal.example.com/hook", "https://mixed.example.com/hook", "https://224.0.0.1/hook" })
    void internalTargetsAreRefused(String url) {
        assertThatThrownBy(() -> production.resolve(url)).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("resolves to a");
    }

    @Test
    void aHostnameResolvingToLoopbackIsRefusedByName() {
        assertThatThrownBy(() -> production.resolve("https://localhost:8443/x"))
                .isInstanceOf(TargetRefusedException.class).hasMessageContaining("localhost resolves to a loopback address");
    }

    @Test
    void publicHttpsTargetsPass() {
        var resolved = production.resolve("https://hooks.example.com/canopy?x=1");
        assertThat(resolved.address()).isEqualTo(PUBLIC);
        assertThat(resolved.target().requestUri()).isEqualTo("/canopy?x=1");
        assertThat(resolved.target().hostHeader()).isEqualTo("hooks.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://hooks.example.com/x", "ftp://hooks.example.com/x", "https://user:pw@hooks.example.com/x",
            "https:///nohost", "not a url", "file:///etc/passwd" })
    void badUrlsAreRefused(String url) {
        assertThatThrownBy(() -> production.resolve(url)).isInstanceOf(TargetRefusedException.class);
    }

    @Test
    void dnsRebindingIsCaughtAtConnectTime() {
        AtomicInteger lookups = new AtomicInteger();
        OutboundGuard guard = new OutboundGuard(false, true,
                host -> new InetAddress[] { lookups.incrementAndGet() == 1 ? PUBLIC : ip("127.0.0.1") });
        assertThat(guard.resolve("https://rebind.example.com/hook").address()).isEqualTo(PUBLIC); // when subscribing
        assertThatThrownBy(() -> guard.resolve("https://rebind.example.com/hook")) // when connecting
                .isInstanceOf(TargetRefusedException.class).hasMessageContaining("loopback");
    }

    @Test
    void developmentAllowanceStillRefusesCloudMetadata() {
        OutboundGuard dev = new OutboundGuard(true, false);
        assertThat(dev.resolve("http://127.0.0.1:9000/hook").address().isLoopbackAddress()).isTrue();
        assertThat(dev.resolve("http://10.0.0.1/hook").address().getHostAddress()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> dev.resolve("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOf(TargetRefusedException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> dev.resolve("http://[fd00:ec2::254]/")).hasMessageContaining("metadata");
    }

    @Test
    void unresolvableHostsAreRefused() {
        OutboundGuard guard = new OutboundGuard(false, true, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.resolve("https://nowhere.invalid/")).hasMessageContaining("does not resolve");
    }

    /** The connector's production rules: Atlassian's hosts only, HTTPS only, no internal addresses. */
    private final OutboundGuard atlassianOnly = new OutboundGuard(false, true,
            HostAllowlist.of(List.of("*.atlassian.net", "api.atlassian.com", "api.media.atlassian.com")), host -> switch (host) {
                case "acme.atlassian.net", "api.atlassian.com", "api.media.atlassian.com" -> new InetAddress[] { PUBLIC };
                case "internal.atlassian.net" -> new InetAddress[] { ip("10.0.0.1") };
                case "meta.atlassian.net" -> new InetAddress[] { ip("169.254.169.254") };
                case "mapped.atlassian.net" -> new InetAddress[] { ip("::ffff:192.168.0.1") };
                default -> throw new AssertionError("the guard must refuse " + host + " before resolving it");
            });

    @ParameterizedTest
    @ValueSource(strings = { "https://acme.atlassian.net/wiki/api/v2/pages", "https://api.atlassian.com/admin/v1/orgs",
            "https://API.Atlassian.com./admin/v1/orgs", "https://api.media.atlassian.com/file/x/binary?token=t" })
    void atlassianHostsPass(String url) {
        assertThat(atlassianOnly.resolve(url).address()).isEqualTo(PUBLIC);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1:8083/admin", "https://[::1]/x", "https://localhost./x", "https://localhost/x",
            "https://evil.example.com/x", "https://atlassian.net/x", "https://evilatlassian.net/x",
            "https://acme.atlassian.net.evil.example.com/x", "https://169.254.169.254/latest/meta-data",
            "https://[::ffff:127.0.0.1]/x", "https://[::ffff:a9fe:a9fe]/latest" })
    void hostsOffTheAllowlistAreRefusedWithoutResolving(String url) {
        assertThatThrownBy(() -> atlassianOnly.resolve(url)).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("is not an allowed host");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://internal.atlassian.net/x", "https://meta.atlassian.net/x", "https://mapped.atlassian.net/x" })
    void allowedNamesResolvingInternallyAreRefused(String url) {
        assertThatThrownBy(() -> atlassianOnly.resolve(url)).isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("resolves to a");
    }

    @Test
    void plainHttpIsRefusedEvenForAllowedHosts() {
        assertThatThrownBy(() -> atlassianOnly.resolve("http://acme.atlassian.net/wiki")).hasMessageContaining("https");
    }

    @Test
    void wildcardsOnlyLead() {
        assertThatThrownBy(() -> HostAllowlist.of(List.of("api.*.com"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(HostAllowlist.of(List.of("sim.test.")).allows("sim.test")).isTrue();
        assertThat(HostAllowlist.of(List.of("*.atlassian.net")).allows("atlassian.net")).isFalse();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
