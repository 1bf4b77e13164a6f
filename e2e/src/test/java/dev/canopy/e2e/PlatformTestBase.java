package dev.canopy.e2e;

import org.junit.jupiter.api.AfterAll;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.tools.local.LocalPlatform;
import dev.canopy.tools.local.TenantApi;

/** One platform start per test class (connected tenant, subscribed receiver), stopped after the class. */
abstract class PlatformTestBase {
    static LocalPlatform platform;
    static TenantApi api;
    static SimOrg org;
    static String connectionId;

    static void startConnected(String name, SimulatorConfig simulator, boolean persistentData, String tenant) {
        ConnectedPlatform c = ConnectedPlatform.start(name, simulator, persistentData, tenant);
        platform = c.platform();
        api = c.api();
        org = c.org();
        connectionId = c.connectionId();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
