package dev.canopy.support.net;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A syntactically acceptable outbound URL: http(s), a host, no user info; path and query kept as sent. The host is
 * normalised (IDN to ASCII, lower case, one trailing dot removed, IPv6 brackets removed) so that allow-list and address
 * checks see the name the connection will really use: {@code localhost.} and {@code LOCALHOST} are {@code localhost}.
 */
public record OutboundTarget(String url, boolean https, String host, int port, String requestUri) {

    public static final int MAX_URL_LENGTH = 2048;

    public static OutboundTarget parse(String url, boolean requireHttps) {
        if (url == null || url.isBlank()) {
            throw new TargetRefusedException("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new TargetRefusedException("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new TargetRefusedException("url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new TargetRefusedException("url must use https");
        }
        if (requireHttps && !scheme.equals("https")) {
            throw new TargetRefusedException("url must use https (plain http is allowed in development only)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new TargetRefusedException("url must not carry user info");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new TargetRefusedException("url has no host");
        }
        host = normaliseHost(host);
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new OutboundTarget(url.trim(), https, host, port, requestUri);
    }

    /** The host as a connection uses it: brackets off IPv6 literals, IDN in ASCII, lower case, no trailing dot. */
    public static String normaliseHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1).toLowerCase(Locale.ROOT);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new TargetRefusedException("url host is not a valid host name");
        }
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    /** scheme://host[:port] — two targets with the same origin may share credentials. */
    public String origin() {
        return (https ? "https" : "http") + "://" + hostHeader();
    }

    /** Value of the Host header: the host as written, with the port when it is not the default. */
    public String hostHeader() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == (https ? 443 : 80) ? h : h + ":" + port;
    }
}
