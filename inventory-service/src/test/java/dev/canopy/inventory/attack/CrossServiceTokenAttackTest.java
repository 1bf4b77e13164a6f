package dev.canopy.inventory.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Attack: a token minted for connector, findings or notifier is replayed against inventory. */
@QuarkusTest
class CrossServiceTokenAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aTokenForAnotherServiceIsRefused() {
        RestAttacks.tokensForOtherServicesAreRefused(base, "inventory", "/api/v1/users");
    }
}
