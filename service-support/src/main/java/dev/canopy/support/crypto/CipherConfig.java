package dev.canopy.support.crypto;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Keys that encrypt secrets at rest (connector credentials, webhook signing secrets).
 * {@code canopy.crypto.keys.<id>=<base64 256-bit key>}; new ciphertexts use {@code active-key}, older ones stay
 * readable while their key is listed (rotation).
 */
@ConfigMapping(prefix = "canopy.crypto")
public interface CipherConfig {
    @WithDefault("k1")
    String activeKey();

    Map<String, String> keys();
}
