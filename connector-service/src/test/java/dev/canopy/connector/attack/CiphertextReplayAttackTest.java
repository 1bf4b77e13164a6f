package dev.canopy.connector.attack;

import static dev.canopy.connector.attack.Attacks.check;
import static dev.canopy.connector.attack.Attacks.post;
import static dev.canopy.connector.attack.Attacks.reverify;
import static dev.canopy.connector.attack.Attacks.verified;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.canopy.connector.store.Db;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Issue 12 item 5 (AAD binds only the tenant): someone able to write the connector's rows (a SQL injection, a restored
 * backup, a careless operator) copies a working ciphertext into another connection, another field or another site.
 * The ciphertext must not decrypt there. Existing (legacy) rows must keep working and be re-encrypted.
 */
@QuarkusTest
class CiphertextReplayAttackTest {
    private static final String SIM = System.getProperty("canopy.test.simulator.url");

    @Inject
    Db db;

    @ConfigProperty(name = "canopy.crypto.keys.k1")
    String key;

    private static SimOrg org() {
        return SimState.generate(SimulatorConfig.testDefaults()).orgs().get(0);
    }

    private String create(String token, String apiKey, String siteToken) {
        String id = post(token, Map.of("name", "n", "orgId", org().id(), "orgApiKey", apiKey, "adminBaseUrl", SIM,
                "sites", List.of(Map.of("url", SIM + "/site/acme", "adminEmail", "a@acme.example", "apiToken", siteToken))))
                .path("id");
        verified(token, id);
        return id;
    }

    private String orgKey(String id) {
        return db.query("select org_api_key_enc from connection where id=$1", Db.args(UUID.fromString(id)),
                r -> r.getString("org_api_key_enc")).get(0);
    }

    private String siteToken(String id) {
        return db.query("select api_token_enc from connection_site where connection_id=$1", Db.args(UUID.fromString(id)),
                r -> r.getString("api_token_enc")).get(0);
    }

    @Test
    void anOrgKeyCopiedToAnotherConnectionOfTheSameTenantDoesNotDecrypt() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("replay"));
        String victim = create(token, org().apiKey(), "t1");
        String attacker = create(token, "wrong-key", "t2");
        assertThat(check(verified(token, attacker), "admin-users").get("ok")).isEqualTo(false);

        db.update("update connection set org_api_key_enc=$2 where id=$1",
                Db.args(UUID.fromString(attacker), orgKey(victim)));
        JsonPath c = reverify(token, attacker);
        assertThat(check(c, "admin-users").get("ok")).as("the victim's key must not work on another connection")
                .isEqualTo(false);
        assertThat(c.getString("lastError")).contains("decrypt");
    }

    @Test
    void aSiteTokenCopiedIntoTheOrgKeyFieldOrToAnotherSiteDoesNotDecrypt() {
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("replay-field"));
        String id = create(token, org().apiKey(), "t1");
        String stored = orgKey(id);
        // field swap: the org key's ciphertext put in the site token column
        db.update("update connection_site set api_token_enc=$2 where connection_id=$1", Db.args(UUID.fromString(id), stored));
        JsonPath c = reverify(token, id);
        assertThat(c.getString("lastError")).contains("decrypt");
        // site swap: the token moved to another site URL of the same connection
        String id2 = create(token, org().apiKey(), "t2");
        String token2 = siteToken(id2);
        db.update("update connection_site set site_url=$2 where connection_id=$1",
                Db.args(UUID.fromString(id2), SIM + "/site/other"));
        assertThat(reverify(token, id2).getString("lastError")).contains("decrypt");
        assertThat(siteToken(id2)).isEqualTo(token2);
    }

    @Test
    void legacyCiphertextsStillWorkAndAreReEncryptedBoundToTheirPlace() throws Exception {
        String tenant = TestEvents.uniqueTenant("legacy");
        String token = TestTokens.tenantAdmin(tenant);
        String id = create(token, "placeholder", "t1");
        // the format written before this change: <keyId>:<b64(iv|ct)>, associated data = tenant id only
        db.update("update connection set org_api_key_enc=$2 where id=$1",
                Db.args(UUID.fromString(id), legacy(tenant, org().apiKey())));
        JsonPath c = reverify(token, id);
        assertThat(check(c, "admin-users").get("ok")).as(c.prettify()).isEqualTo(true);
        assertThat(orgKey(id)).startsWith("v2:k1:");
    }

    private String legacy(String tenant, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(tenant.getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return "k1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + ct.length).put(iv).put(ct).array());
    }
}
