package dev.canopy.support.net;

import java.time.Duration;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Vert.x HTTP requests that connect to the address {@link OutboundGuard} checked: the TCP connection goes to that IP
 * while the Host header, TLS SNI and certificate host verification carry the URL's host name, so DNS is never asked a
 * second time (no rebinding between check and connect). Redirects are never followed by the client: a caller that
 * follows them checks every hop again.
 */
public final class PinnedRequests {
    private PinnedRequests() {
    }

    /** A pooled client for pinned requests: SNI forced, host verified, no automatic redirects or decompression. */
    public static HttpClientOptions clientOptions(int maxPoolSize, Duration connectTimeout) {
        return new HttpClientOptions()
                .setMaxPoolSize(maxPoolSize)
                .setKeepAlive(true)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setTryUseCompression(false)
                .setMaxRedirects(0)
                .setMaxWaitQueueSize(-1);
    }

    /** One request to {@code to}'s checked address; add headers to the answer. */
    public static RequestOptions request(OutboundGuard.ResolvedTarget to, HttpMethod method, Duration connectTimeout,
            Duration idleTimeout) {
        OutboundTarget t = to.target();
        return new RequestOptions()
                .setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(t.port(), to.address().getHostAddress()))
                .setHost(t.host())
                .setPort(t.port())
                .setSsl(t.https())
                .setURI(t.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeout.toMillis())
                .setIdleTimeout(idleTimeout.toMillis());
    }
}
