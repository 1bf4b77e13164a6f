package dev.canopy.findings.domain.posture;

import static dev.canopy.findings.store.FindingSeverity.HIGH;
import static dev.canopy.findings.store.FindingSeverity.LOW;
import static dev.canopy.findings.store.FindingSeverity.MEDIUM;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.UserData;
import dev.canopy.findings.store.FindingSeverity;

/** User API tokens and organization API keys. */
final class CredentialChecks {
    private static final Set<String> DEAD_TOKEN_STATES = Set.of("revoked", "expired", "deleted", "inactive");

    private CredentialChecks() {
    }

    static List<PostureCheck> all() {
        return List.of(
                new PostureCheck("api-token-stale", "API token unused for a long time", HIGH, "credentials",
                        "A token nobody uses still works for whoever finds it: in a script, a wiki page or a leaked laptop.",
                        "In Atlassian Administration go to Security > User API tokens and revoke the token; ask the "
                                + "owner to create a new one with an expiry if it is still needed.",
                        List.of(Thresholds.STALE_TOKEN_DAYS), false,
                        // expiry does not matter here: an old token record that was never revoked is the risk
                        (inv, t) -> allowedTokens(inv).filter(k -> Accounts.olderThan(lastUse(k.lastActiveAt(), k.createdAt()),
                                inv.now(), t.number(Thresholds.STALE_TOKEN_DAYS)))
                                .map(k -> token(k, Map.of("lastActiveAt", String.valueOf(k.lastActiveAt()))))
                                .toList()),
                new PostureCheck("api-token-no-expiry", "API token without expiry", MEDIUM, "credentials",
                        "A token that never expires stays valid long after its purpose and owner are gone.",
                        "Revoke the token under Security > User API tokens and have the owner create one with an expiry "
                                + "date (1 to 365 days).",
                        List.of(), false,
                        (inv, t) -> liveTokens(inv).filter(k -> k.expiresAt() == null)
                                .map(k -> token(k, Map.of("expiresAt", "never"))).toList()),
                new PostureCheck("api-token-expiring-soon", "API token expiring soon", LOW, "credentials",
                        "Integrations break when a token expires unexpectedly; rotation should be planned.",
                        "Have the owner create a replacement token, update the integration, then revoke the old one.",
                        List.of(Thresholds.TOKEN_EXPIRING_SOON_DAYS), false,
                        (inv, t) -> liveTokens(inv).filter(k -> k.expiresAt() != null && k.expiresAt().isAfter(inv.now())
                                && Duration.between(inv.now(), k.expiresAt()).toDays() < t.number(Thresholds.TOKEN_EXPIRING_SOON_DAYS))
                                .map(k -> token(k, Map.of("expiresAt", k.expiresAt().toString()))).toList()),
                new PostureCheck("api-token-owner-inactive", "API token of a deactivated user", HIGH, "credentials",
                        "Tokens of deactivated or suspended accounts should not exist; they indicate incomplete offboarding.",
                        "Revoke the token under Security > User API tokens.",
                        List.of(), false,
                        (inv, t) -> {
                            Map<String, UserData> users = inv.usersById();
                            return liveTokens(inv).filter(k -> {
                                UserData owner = users.get(k.ownerAccountId());
                                return owner != null && !Accounts.active(owner);
                            }).map(k -> token(k, Map.of("ownerStatus", String.valueOf(users.get(k.ownerAccountId()).status()))))
                                    .toList();
                        }),
                new PostureCheck("org-api-key-old", "Organization API key not rotated", MEDIUM, "credentials",
                        "Organization API keys can administer the whole organization; old keys have had more chances to leak.",
                        "In Atlassian Administration go to Settings > API keys, create a new key, move the integration "
                                + "to it and revoke the old key.",
                        List.of(Thresholds.ORG_API_KEY_MAX_AGE_DAYS), false,
                        (inv, t) -> liveKeys(inv).filter(k -> Accounts.olderThan(k.createdAt(), inv.now(),
                                t.number(Thresholds.ORG_API_KEY_MAX_AGE_DAYS)))
                                .map(k -> key(k, Map.of("createdAt", String.valueOf(k.createdAt())))).toList()),
                new PostureCheck("org-api-key-no-expiry", "Organization API key without expiry", MEDIUM, "credentials",
                        "An admin key that never expires keeps working after the integration it served is gone.",
                        "Replace the key under Settings > API keys with one that has an expiry date.",
                        List.of(), false,
                        (inv, t) -> liveKeys(inv).filter(k -> k.expiresAt() == null)
                                .map(k -> key(k, Map.of("expiresAt", "never"))).toList()),
                new PostureCheck("org-api-key-stale", "Organization API key unused", MEDIUM, "credentials",
                        "An unused admin key is pure risk: nothing depends on it, anyone holding it can administer the org.",
                        "Revoke the key under Settings > API keys.",
                        List.of(Thresholds.STALE_TOKEN_DAYS), false,
                        (inv, t) -> liveKeys(inv).filter(k -> Accounts.olderThan(lastUse(k.lastActiveAt(), k.createdAt()),
                                inv.now(), t.number(Thresholds.STALE_TOKEN_DAYS)))
                                .map(k -> key(k, Map.of("lastActiveAt", String.valueOf(k.lastActiveAt())))).toList()));
    }

    private static Instant lastUse(Instant lastActive, Instant created) {
        return lastActive != null ? lastActive : created;
    }

    /** Tokens not revoked (whatever their expiry). */
    private static java.util.stream.Stream<ApiTokenData> allowedTokens(PostureInventory inv) {
        return inv.apiTokens().stream()
                .filter(k -> k.status() == null || !DEAD_TOKEN_STATES.contains(k.status().toLowerCase(Locale.ROOT)));
    }

    /** Tokens that still work: not revoked and not expired. */
    private static java.util.stream.Stream<ApiTokenData> liveTokens(PostureInventory inv) {
        return allowedTokens(inv).filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(inv.now()));
    }

    private static java.util.stream.Stream<OrgApiKeyData> liveKeys(PostureInventory inv) {
        return inv.orgApiKeys().stream().filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(inv.now()));
    }

    private static Violation token(ApiTokenData k, Map<String, Object> facts) {
        Map<String, Object> all = new java.util.HashMap<>(facts);
        all.put("ownerAccountId", String.valueOf(k.ownerAccountId()));
        return new Violation("api-token", k.tokenId(), k.label() != null ? k.label() : k.tokenId(), all);
    }

    private static Violation key(OrgApiKeyData k, Map<String, Object> facts) {
        return new Violation("org-api-key", k.keyId(), k.name() != null ? k.name() : k.keyId(), facts);
    }
}
