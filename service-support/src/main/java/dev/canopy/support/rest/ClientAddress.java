package dev.canopy.support.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The caller's address as the HTTP server saw it. Behind a reverse proxy, enable Quarkus' forwarded-header support
 * ({@code quarkus.http.proxy.*}) so this is the client and not the proxy.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        try {
            return request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
