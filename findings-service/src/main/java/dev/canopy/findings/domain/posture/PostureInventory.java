package dev.canopy.findings.domain.posture;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.canopy.contracts.events.data.ApiTokenData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.DomainData;
import dev.canopy.contracts.events.data.EntityData;
import dev.canopy.contracts.events.data.InstalledAppData;
import dev.canopy.contracts.events.data.JiraPermissionGrantData;
import dev.canopy.contracts.events.data.OrgApiKeyData;
import dev.canopy.contracts.events.data.OrgPolicyData;
import dev.canopy.contracts.events.data.UserData;

/**
 * One tenant's live posture inputs at evaluation time. {@code complete} is true when the evaluation follows a
 * completed full sync, so the absence of something (no IP allowlist, no verified domain) means it really is absent.
 */
public record PostureInventory(Instant now, boolean complete, List<UserData> users, List<OrgPolicyData> policies,
        List<DomainData> domains, List<ApiTokenData> apiTokens, List<OrgApiKeyData> orgApiKeys,
        List<InstalledAppData> apps, List<JiraPermissionGrantData> jiraGrants, List<ConfluenceSpaceData> spaces) {

    public PostureInventory {
        users = List.copyOf(users);
        policies = List.copyOf(policies);
        domains = List.copyOf(domains);
        apiTokens = List.copyOf(apiTokens);
        orgApiKeys = List.copyOf(orgApiKeys);
        apps = List.copyOf(apps);
        jiraGrants = List.copyOf(jiraGrants);
        spaces = List.copyOf(spaces);
    }

    /** The inventory from stored inputs grouped by data class. */
    public static PostureInventory of(Instant now, boolean complete, Map<Class<?>, List<EntityData>> byType) {
        return new PostureInventory(now, complete, all(byType, UserData.class), all(byType, OrgPolicyData.class),
                all(byType, DomainData.class), all(byType, ApiTokenData.class), all(byType, OrgApiKeyData.class),
                all(byType, InstalledAppData.class), all(byType, JiraPermissionGrantData.class),
                all(byType, ConfluenceSpaceData.class));
    }

    private static <T> List<T> all(Map<Class<?>, List<EntityData>> byType, Class<T> type) {
        return byType.getOrDefault(type, List.of()).stream().map(type::cast).toList();
    }

    public Map<String, UserData> usersById() {
        return users.stream().collect(Collectors.toMap(UserData::accountId, Function.identity(), (a, b) -> a));
    }

    public List<OrgPolicyData> enabledPolicies(String type) {
        return policies.stream().filter(p -> p.enabled() && type.equalsIgnoreCase(p.type())).toList();
    }
}
