package dev.canopy.findings.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Attack: a token minted for connector, inventory or notifier is replayed against findings. */
@QuarkusTest
class CrossServiceTokenAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aTokenForAnotherServiceIsRefused() {
        RestAttacks.tokensForOtherServicesAreRefused(base, "findings", "/api/v1/findings");
    }
}
