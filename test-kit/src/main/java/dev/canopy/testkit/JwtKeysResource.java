package dev.canopy.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Makes the service verify tokens with a key pair generated for this test run; {@link TestTokens} signs with it. */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        TestKeys keys = TestKeys.get();
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyFile().toString(),
                "mp.jwt.verify.issuer", dev.canopy.contracts.rest.TenantClaims.ISSUER);
    }

    @Override
    public void stop() {
    }
}
