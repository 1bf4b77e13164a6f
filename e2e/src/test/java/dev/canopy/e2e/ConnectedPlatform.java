package dev.canopy.e2e;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.tools.local.ConnectionRequests;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;

/**
 * A started platform with one tenant connected to the simulator's first organization (all its sites) and the local
 * webhook receiver subscribed: the state every e2e test class starts from.
 */
record ConnectedPlatform(LocalPlatform platform, TenantApi api, SimOrg org, String connectionId) implements AutoCloseable {

    static ConnectedPlatform start(String name, SimulatorConfig simulator, boolean persistentData, String tenant) {
        return start(name, simulator, persistentData, tenant, E2ePlatforms.fastTimings());
    }

    static ConnectedPlatform start(String name, SimulatorConfig simulator, boolean persistentData, String tenant,
            java.util.Map<String, String> serviceEnv) {
        LocalPlatform platform = E2ePlatforms.start(name, simulator, persistentData, serviceEnv);
        try {
            TenantApi api = E2eFlows.tenantApi(platform, tenant);
            SimOrg org = platform.simulator().state().orgs().get(0);
            String connectionId = api.connect(ConnectionRequests.simulated(platform.simulator(), org)).path("id").asText();
            api.subscribe(platform.webhooks());
            return new ConnectedPlatform(platform, api, org, connectionId);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    @Override
    public void close() {
        platform.close();
    }
}
