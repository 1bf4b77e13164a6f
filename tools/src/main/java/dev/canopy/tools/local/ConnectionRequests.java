package dev.canopy.tools.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.canopy.simulator.AtlassianSimulator;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.tools.Args;

/** Bodies of {@code POST /api/v1/connections}: a simulated organization with all its sites, or a real one. */
public final class ConnectionRequests {
    private ConnectionRequests() {
    }

    /** The org's admin API key and, per site, its URL, admin email and API token (site id = the simulator's site name). */
    public static Map<String, Object> simulated(AtlassianSimulator simulator, SimOrg org) {
        List<Map<String, Object>> sites = new ArrayList<>();
        for (SimSite s : org.sites.values()) {
            sites.add(site(simulator.siteUrl(s.name), s.name, s.adminEmail, s.adminToken));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "simulated " + org.name());
        request.put("orgId", org.id());
        request.put("orgApiKey", org.apiKey());
        request.put("adminBaseUrl", simulator.baseUrl());
        request.put("sites", sites);
        return request;
    }

    /** True when the command line names a real organization ({@code --org-id}). */
    public static boolean realRequested(Args args) {
        return args.get("org-id", null) != null;
    }

    /** {@code --org-id ID --org-api-key KEY [--admin-url URL] [--site URL,EMAIL,TOKEN]...} */
    public static Map<String, Object> real(Args args) {
        String key = args.get("org-api-key", null);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("--org-api-key is required with --org-id");
        }
        List<Map<String, Object>> sites = new ArrayList<>();
        for (String spec : args.all("site")) {
            String[] parts = spec.split(",", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new IllegalArgumentException("--site must be URL,EMAIL,TOKEN, got: " + spec.replaceAll(",[^,]*$", ",****"));
            }
            sites.add(site(parts[0].trim(), null, parts[1].trim(), parts[2].trim()));
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "organization " + args.get("org-id", null));
        request.put("orgId", args.get("org-id", null));
        request.put("orgApiKey", key);
        request.put("adminBaseUrl", args.get("admin-url", "https://api.atlassian.com"));
        request.put("sites", sites);
        return request;
    }

    private static Map<String, Object> site(String url, String siteId, String email, String token) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("url", url);
        if (siteId != null) {
            s.put("siteId", siteId);
        }
        s.put("adminEmail", email);
        s.put("apiToken", token);
        return s;
    }
}
