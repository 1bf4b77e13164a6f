package dev.canopy.support.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which IP addresses an outbound call (webhook delivery, Atlassian API call) may connect to. Loopback, private, link-local, carrier-grade NAT, unique-local,
 * multicast, unspecified and reserved ranges are internal; cloud metadata endpoints are refused even when internal
 * targets are allowed for local development.
 */
public final class AddressPolicy {
    private final boolean allowInternal;

    public AddressPolicy(boolean allowInternal) {
        this.allowInternal = allowInternal;
    }

    /** Throws {@link TargetRefusedException} naming the reason when {@code address} is not permitted. */
    public void check(String host, InetAddress address) {
        InetAddress a = unwrapMapped(address);
        if (isMetadata(a)) {
            throw new TargetRefusedException(host + " resolves to a cloud metadata address (" + a.getHostAddress() + ")");
        }
        if (!allowInternal) {
            String kind = internalKind(a);
            if (kind != null) {
                throw new TargetRefusedException(host + " resolves to a " + kind + " address (" + a.getHostAddress() + ")");
            }
        }
    }

    public static boolean isMetadata(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return is(b, 169, 254, 169, 254) || is(b, 100, 100, 100, 200) || is(b, 169, 254, 170, 2);
        }
        // AWS IMDS over IPv6: fd00:ec2::254
        return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                && allZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
    }

    /** The kind of internal range {@code a} is in, or null for a public address. */
    public static String internalKind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (a instanceof Inet4Address) {
            if (b0 == 0) {
                return "unspecified";
            }
            if (b0 == 100 && (b1 & 0xc0) == 64) {
                return "carrier-grade NAT";
            }
            if (b0 == 169 && b1 == 254) {
                return "link-local";
            }
            if (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) {
                return "reserved";
            }
            if (b0 == 198 && (b1 == 18 || b1 == 19)) {
                return "benchmarking";
            }
            if (b0 >= 240) {
                return "reserved";
            }
            return null;
        }
        if ((b0 & 0xfe) == 0xfc) {
            return "unique-local";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return "site-local";
        }
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return "NAT64"; // 64:ff9b::/96 can reach internal IPv4 space through a translator
        }
        return null;
    }

    /** ::ffff:a.b.c.d and ::a.b.c.d are judged as the IPv4 address they carry. */
    public static InetAddress unwrapMapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16) && !(allZero(b, 12, 15) && b[15] == 1);
            if (mapped || compatible) {
                try {
                    return InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    private static boolean is(byte[] b, int... octets) {
        for (int i = 0; i < octets.length; i++) {
            if ((b[i] & 0xff) != octets[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
