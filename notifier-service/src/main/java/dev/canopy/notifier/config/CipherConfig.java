package dev.canopy.notifier.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Keys that encrypt webhook signing secrets at rest. {@code canopy.crypto.keys.<id>=<base64 256-bit key>}; new
 * secrets are encrypted with {@code active-key}, older ones stay readable while their key is listed.
 */
@ConfigMapping(prefix = "canopy.crypto")
public interface CipherConfig {
    @WithDefault("k1")
    String activeKey();

    Map<String, String> keys();
}
