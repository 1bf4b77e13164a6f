package dev.canopy.notifier;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import dev.canopy.testkit.JwtKeysResource;
import dev.canopy.testkit.KafkaBrokerResource;
import dev.canopy.testkit.PostgresResource;

/** Real Kafka, real PostgreSQL and test JWT keys, started once for every @QuarkusTest of this module. */
@QuarkusTestResource(value = KafkaBrokerResource.class, parallel = true)
@QuarkusTestResource(value = PostgresResource.class, parallel = true, initArgs = @ResourceArg(name = "database", value = "canopy_notifier"))
@QuarkusTestResource(JwtKeysResource.class)
public final class NotifierTestProfile {
    private NotifierTestProfile() {
    }
}
