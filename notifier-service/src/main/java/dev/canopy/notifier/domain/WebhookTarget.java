package dev.canopy.notifier.domain;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A syntactically acceptable endpoint URL: http(s), a host, no user info; path and query kept as sent. */
public record WebhookTarget(String url, boolean https, String host, int port, String requestUri) {

    public static final int MAX_URL_LENGTH = 2048;

    public static WebhookTarget parse(String url, boolean requireHttps) {
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
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else {
            host = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WebhookTarget(url.trim(), https, host, port, requestUri);
    }

    /** Value of the Host header: the host as written, with the port when it is not the default. */
    public String hostHeader() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == (https ? 443 : 80) ? h : h + ":" + port;
    }
}
