package dev.canopy.connector;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import dev.canopy.testkit.JwtKeysResource;
import dev.canopy.testkit.KafkaBrokerResource;
import dev.canopy.testkit.PostgresResource;
import dev.canopy.testkit.SimulatorResource;

/** Real Kafka, real PostgreSQL, the Atlassian simulator and test JWT keys, once for every @QuarkusTest here. */
@QuarkusTestResource(value = KafkaBrokerResource.class, parallel = true)
@QuarkusTestResource(value = PostgresResource.class, parallel = true, initArgs = {
        @ResourceArg(name = "database", value = "canopy_connector"), @ResourceArg(name = "reactive", value = "false") })
@QuarkusTestResource(value = SimulatorResource.class, parallel = true)
@QuarkusTestResource(JwtKeysResource.class)
public final class ConnectorTestProfile {
    private ConnectorTestProfile() {
    }
}
