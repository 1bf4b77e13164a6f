package dev.canopy.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;

import dev.canopy.tokens.ServiceTokens;

/**
 * The operator's local key material, generated at first use under {@code $CANOPY_HOME} (default {@code ~/.canopy}):
 * the JWT signing pair ({@code keys/jwt-private.pem}, {@code keys/jwt-public.pem}, which the services read by
 * default) and the key that encrypts credentials at rest ({@code keys/credentials.key}). Never committed.
 */
public final class CanopyHome {
    private final Path root;

    public CanopyHome(Path root) {
        this.root = root;
    }

    public static CanopyHome fromEnvironment() {
        String env = System.getenv("CANOPY_HOME");
        return new CanopyHome(env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".canopy"));
    }

    public Path root() {
        return root;
    }

    public Path publicKey() {
        ensureKeys();
        return root.resolve("keys/jwt-public.pem");
    }

    /** The signing key's PEM file (the console reads it to mint its per-service tokens). */
    public Path privateKeyFile() {
        ensureKeys();
        return root.resolve("keys/jwt-private.pem");
    }

    public PrivateKey privateKey() {
        ensureKeys();
        try {
            return ServiceTokens.privateKeyFromPem(Files.readString(privateKeyFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + root.resolve("keys/jwt-private.pem"), e);
        }
    }

    /** Base64 of a 256-bit AES key for credentials at rest in local runs. */
    public String credentialsKey() {
        ensureKeys();
        try {
            return Files.readString(root.resolve("keys/credentials.key")).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Base64 of the 256-bit server secret that keys DLP fingerprints ({@code CANOPY_DLP_FINGERPRINT_KEY}); created on
     * first use (also in homes made before it existed) and kept, so stored findings keep matching across restarts.
     */
    public synchronized String fingerprintKey() {
        ensureKeys();
        Path file = root.resolve("keys/dlp-fingerprint.key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                writePrivate(file, Base64.getEncoder().encodeToString(key) + "\n");
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create " + file, e);
        }
    }

    private synchronized void ensureKeys() {
        Path keys = root.resolve("keys");
        if (Files.exists(keys.resolve("jwt-private.pem")) && Files.exists(keys.resolve("credentials.key"))) {
            return;
        }
        try {
            Files.createDirectories(keys);
            var gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            var pair = gen.generateKeyPair();
            writePrivate(keys.resolve("jwt-private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keys.resolve("jwt-public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            byte[] aes = new byte[32];
            new SecureRandom().nextBytes(aes);
            writePrivate(keys.resolve("credentials.key"), Base64.getEncoder().encodeToString(aes) + "\n");
            System.err.println("generated local keys in " + keys);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot create keys in " + keys, e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the directory's permissions
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
