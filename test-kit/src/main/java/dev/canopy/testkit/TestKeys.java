package dev.canopy.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key pair generated once per test JVM and kept in files, so test resources and test classes (which may
 * live in different class loaders) use the same pair. Nothing is committed.
 */
public final class TestKeys {
    private static final String DIR_PROPERTY = "canopy.test.jwt.dir";
    private final Path dir;

    private TestKeys(Path dir) {
        this.dir = dir;
    }

    public static synchronized TestKeys get() {
        String existing = System.getProperty(DIR_PROPERTY);
        if (existing != null) {
            return new TestKeys(Path.of(existing));
        }
        try {
            Path dir = Files.createTempDirectory("canopy-test-jwt");
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            dir.toFile().deleteOnExit();
            dir.resolve("public.pem").toFile().deleteOnExit();
            dir.resolve("private.pem").toFile().deleteOnExit();
            System.setProperty(DIR_PROPERTY, dir.toString());
            return new TestKeys(dir);
        } catch (Exception e) {
            throw new IllegalStateException("could not generate test keys", e);
        }
    }

    public Path publicKeyFile() {
        return dir.resolve("public.pem");
    }

    public PrivateKey privateKey() {
        try {
            String pem = Files.readString(dir.resolve("private.pem"));
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not read test private key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
