package dev.canopy.inventory.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attack: forged, expired, too old and malformed tokens probe the service; each must get a 401 problem+json that
 * says what is wrong without implementation details (it was an empty 401 before).
 */
@QuarkusTest
class ForgedTokenAttackTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void invalidTokensGetAProblemBody() {
        RestAttacks.invalidTokensGetProblemBodies(base, "/api/v1/users");
        RestAttacks.invalidTokensGetProblemBodies(base, "/api/v1/entities/user/u-1/history");
    }
}
