package dev.canopy.connector.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Attack: a token minted for inventory, findings or notifier is replayed against connector. */
@QuarkusTest
class CrossServiceTokenAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aTokenForAnotherServiceIsRefused() {
        RestAttacks.tokensForOtherServicesAreRefused(base, "connector", "/api/v1/connections");
    }
}
