package dev.canopy.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import com.sun.net.httpserver.HttpServer;

/** What the console tests' stand-ins share: an RSA key pair and a loopback HTTP server on a free port. */
final class TestServers {
    private TestServers() {
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpServer loopback() throws IOException {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }
}
