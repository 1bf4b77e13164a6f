package dev.canopy.connector.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Keys that encrypt credentials at rest. {@code canopy.crypto.keys.<id>=<base64 256-bit key>}; new data is
 * encrypted with {@code active-key}, old data stays readable while its key is listed (rotation).
 */
@ConfigMapping(prefix = "canopy.crypto")
public interface CipherConfig {
    @WithDefault("k1")
    String activeKey();

    Map<String, String> keys();
}
