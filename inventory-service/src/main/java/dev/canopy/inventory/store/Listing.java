package dev.canopy.inventory.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The entity lists the API serves: which entity type, which sort keys (API name → JSON field; the id sorts by
 * entity id) and what each item carries besides the stored data.
 */
public enum Listing {
    USERS("user", "accountId", sorts("email", "displayName", "lastActive", "status"), ""),
    GROUPS("group", "groupId", sorts("name"), memberCount("group")),
    TEAMS("team", "teamId", sorts("displayName", "state"), memberCount("team")),
    DOMAINS("domain", "domainId", sorts("name", "claimStatus"), ""),
    SITES("site", "siteId", sorts("name", "url", "createdAt"), ""),
    INSTALLED_APPS("installed-app", "id", sorts("name", "vendor", "installedAt", "siteId"), ""),
    ORG_POLICIES("org-policy", "policyId", sorts("name", "type", "status"), ""),
    API_TOKENS("api-token", "tokenId", sorts("expiresAt", "lastActiveAt", "createdAt", "label"), ""),
    ORG_API_KEYS("org-api-key", "keyId", sorts("expiresAt", "lastActiveAt", "createdAt", "name"), ""),
    CONFLUENCE_SPACES("confluence-space", "id", sorts("key", "name", "siteId"), ""),
    JIRA_PERMISSION_GRANTS("jira-permission-grant", "id", sorts("siteId", "permission", "holderType"), ""),
    JIRA_PROJECTS("jira-project", "id", sorts("key", "name", "siteId"), ""),
    AUDIT_EVENTS("audit-event", "eventId", sorts("created", "action"), "");

    private final String entityType;
    private final String idSortName;
    private final Map<String, String> sortFields;
    private final String extraJson;

    Listing(String entityType, String idSortName, Map<String, String> sortFields, String extraJson) {
        this.entityType = entityType;
        this.idSortName = idSortName;
        this.sortFields = sortFields;
        this.extraJson = extraJson;
    }

    public String entityType() {
        return entityType;
    }

    /** Sort names the API accepts (each also with a leading '-' for descending). */
    public Set<String> sortNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(idSortName);
        names.addAll(sortFields.keySet());
        return names;
    }

    public String defaultSort() {
        return idSortName;
    }

    /** SQL text expression of a sort key (null for the entity id), as indexed for users. */
    String sortExpression(String sortName) {
        String field = sortFields.get(sortName);
        return field == null ? null : "coalesce(e.data ->> '" + field + "', '')";
    }

    String extraJson() {
        return extraJson;
    }

    private static Map<String, String> sorts(String... fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields) {
            m.put(f, f);
        }
        return m;
    }

    private static String memberCount(String kind) {
        return " || jsonb_build_object('membersKnown', (select count(*) from inventory_membership m"
                + " where m.tenant_id = e.tenant_id and m.kind = '" + kind + "' and m.container_id = e.entity_id))";
    }
}
