package dev.canopy.connector.domain.sync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.canopy.connector.domain.http.AtlassianApiException;
import dev.canopy.connector.domain.http.Credentials;
import dev.canopy.connector.store.Connection;
import dev.canopy.contracts.events.data.ConfluenceSpaceData;
import dev.canopy.contracts.events.data.ConfluenceSpaceData.SpacePermission;

/**
 * One site's Confluence space permissions, read through REST v2 (one instance per site and run):
 * <ul>
 * <li>users, groups and roles from {@code GET /wiki/api/v2/spaces/{id}/permissions}
 * (https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-permissions/), which has no anonymous
 * flag;</li>
 * <li>anonymous and unlicensed access from the space's role assignments to the access classes
 * {@code anonymous-users} and {@code authenticated-users} ({@code GET /wiki/api/v2/spaces/{id}/role-assignments} with
 * {@code principal-type=ACCESS_CLASS}; the access class ids are those the v2 description lists for
 * {@code principal-id}), with the operations of the assigned role from {@code GET /wiki/api/v2/space-roles}
 * (https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-roles/). Reading
 * {@code authenticated-users} (every logged-in account, with or without a Confluence licence) as the v1
 * {@code unlicensedAccess} is our inference from the class names.</li>
 * </ul>
 * The role endpoints are experimental (EAP). When a site does not answer them, the deprecated v1
 * {@code /wiki/rest/api/space?expand=permissions} (gone from the current v1 description) is tried once for the site's
 * anonymous and unlicensed flags; either way the run records why in its skipped notes, and when neither answers the
 * spaces are emitted without those flags (posture checks on anonymous access cannot fire for that site).
 */
final class SpacePermissions {
    static final String ANONYMOUS_CLASS = "anonymous-users";
    static final String UNLICENSED_CLASS = "authenticated-users";

    private final RunContext ctx;
    private final Connection.Site site;
    private final Credentials credentials;
    /** Role id → its space permissions; null until read, empty map when the role endpoints are unavailable. */
    private Map<String, List<String>> roles;
    private String rolesUnavailable;
    /** v1 fallback: space key → its v1 permissions array; null until read or when v1 failed. */
    private Map<String, JsonNode> v1;
    private boolean v1Tried;

    SpacePermissions(RunContext ctx, Connection.Site site) {
        this.ctx = ctx;
        this.site = site;
        this.credentials = ctx.site(site);
    }

    /** The space as an event, or null when it disappeared between the listing and its permissions (404). */
    ConfluenceSpaceData space(JsonNode s) {
        String id = Json.text(s, "id");
        String key = Json.text(s, "key");
        List<SpacePermission> permissions = new ArrayList<>();
        try {
            Pager.each(ctx, site.url(), site.url() + "/wiki/api/v2/spaces/" + enc(id) + "/permissions?limit=250",
                    credentials, page -> {
                        for (JsonNode p : Json.array(page, "results", "space permissions")) {
                            JsonNode principal = p.path("principal");
                            permissions.add(new SpacePermission(Json.text(principal, "type"), Json.text(principal, "id"),
                                    operation(Json.text(p.path("operation"), "key"),
                                            Json.text(p.path("operation"), "targetType"))));
                        }
                    }, page -> Json.text(page.path("_links"), "next"));
        } catch (AtlassianApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        boolean anonymous;
        boolean unlicensed;
        if (rolesAvailable()) {
            anonymous = accessClass(id, ANONYMOUS_CLASS, "anonymous", permissions);
            unlicensed = accessClass(id, UNLICENSED_CLASS, "unlicensed", permissions);
        } else {
            JsonNode legacy = v1Permissions(key);
            ConfluenceSpaceData old = legacy == null ? null
                    : SiteSync.legacySpace(site.effectiveId(), s, legacy);
            anonymous = old != null && old.anonymousAccess();
            unlicensed = old != null && old.unlicensedAccess();
            if (old != null) {
                old.permissions().stream().filter(p -> "anonymous".equals(p.principalType())
                        || "unlicensed".equals(p.principalType())).forEach(permissions::add);
            }
        }
        return new ConfluenceSpaceData(site.effectiveId(), id, key, Json.text(s, "name"), Json.text(s, "type"),
                Json.text(s, "status"), anonymous, unlicensed, permissions);
    }

    static String operation(String key, String targetType) {
        return key + ":" + targetType;
    }

    /** Adds the access class's grants (operations of its roles; {@code read:space} when a role is unknown). */
    private boolean accessClass(String spaceId, String accessClass, String principalType, List<SpacePermission> out) {
        List<String> roleIds = new ArrayList<>();
        Pager.each(ctx, site.url(), site.url() + "/wiki/api/v2/spaces/" + enc(spaceId)
                + "/role-assignments?principal-type=ACCESS_CLASS&principal-id=" + enc(accessClass) + "&limit=250",
                credentials, page -> {
                    for (JsonNode a : Json.array(page, "results", "space role assignments")) {
                        JsonNode principal = a.path("principal");
                        if ("ACCESS_CLASS".equals(Json.text(principal, "principalType"))
                                && accessClass.equals(Json.text(principal, "principalId"))) {
                            roleIds.add(Json.text(a, "roleId"));
                        }
                    }
                }, page -> Json.text(page.path("_links"), "next"));
        for (String roleId : roleIds) {
            for (String op : roles.getOrDefault(roleId, List.of("read:space"))) {
                out.add(new SpacePermission(principalType, null, op));
            }
        }
        return !roleIds.isEmpty();
    }

    /** Reads the site's space roles once; false (with a note) when the experimental role endpoints do not answer. */
    private boolean rolesAvailable() {
        if (roles != null) {
            return rolesUnavailable == null;
        }
        Map<String, List<String>> read = new HashMap<>();
        try {
            Pager.each(ctx, site.url(), site.url() + "/wiki/api/v2/space-roles?limit=250", credentials, page -> {
                for (JsonNode r : Json.array(page, "results", "space roles")) {
                    List<String> ops = Json.strings(r.path("spacePermissions"), "id");
                    read.put(Json.text(r, "id"), ops.isEmpty() ? List.of("read:space") : ops);
                }
            }, page -> Json.text(page.path("_links"), "next"));
            roles = read;
            return true;
        } catch (AtlassianApiException e) {
            if (e.status() != 400 && e.status() != 403 && e.status() != 404 && e.status() != 501) {
                throw e;
            }
            roles = Map.of();
            rolesUnavailable = AtlassianApiException.describe(e.status());
            return false;
        }
    }

    /** The deprecated v1 listing, once per site; null (with a note) when it does not answer either. */
    private JsonNode v1Permissions(String key) {
        if (!v1Tried) {
            v1Tried = true;
            Map<String, JsonNode> read = new HashMap<>();
            try {
                Pager.eachOffset(ctx, site.url(), site.url() + "/wiki/rest/api/space?expand=permissions", credentials, 50,
                        "results", page -> page.path("results").forEach(s -> {
                            if (s.path("permissions").isArray()) {
                                read.put(Json.text(s, "key"), s.path("permissions"));
                            }
                        }));
                if (read.isEmpty()) {
                    // v1 leaves the expansion out for a credential that may not administer the spaces
                    ctx.skipped("site " + site.effectiveId() + ": anonymous and unlicensed space access not determined: "
                            + "v2 space roles " + rolesUnavailable + ", v1 space?expand=permissions answered without "
                            + "permissions (space admin needed)");
                } else {
                    v1 = read;
                    ctx.skipped("site " + site.effectiveId() + ": v2 space roles unavailable (" + rolesUnavailable
                            + "), anonymous and unlicensed space access read from the deprecated v1 space?expand=permissions");
                }
            } catch (AtlassianApiException e) {
                ctx.skipped("site " + site.effectiveId() + ": anonymous and unlicensed space access not determined: v2 "
                        + "space roles " + rolesUnavailable + ", v1 space?expand=permissions "
                        + AtlassianApiException.describe(e.status()));
            }
        }
        return v1 == null ? null : v1.get(key);
    }

    private static String enc(String s) {
        return URLEncoder.encode(String.valueOf(s), StandardCharsets.UTF_8);
    }
}
