package dev.canopy.notifier.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Attack: a token minted for connector, inventory or findings is replayed against notifier. */
@QuarkusTest
class CrossServiceTokenAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aTokenForAnotherServiceIsRefused() {
        RestAttacks.tokensForOtherServicesAreRefused(base, "notifier", "/api/v1/webhooks/subscriptions");
    }
}
