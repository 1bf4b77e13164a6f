package dev.canopy.findings.attack;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.canopy.testkit.attack.RestAttacks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Attack: an outsider reads metrics, health details and the API description from the public port. */
@QuarkusTest
class ManagementExposureAttackTest {
    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void operationsEndpointsAreOnlyOnTheManagementPort() {
        RestAttacks.managementEndpointsOnlyOnTheManagementPort(base, management);
    }
}
