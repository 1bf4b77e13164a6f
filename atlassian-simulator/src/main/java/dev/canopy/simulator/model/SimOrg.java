package dev.canopy.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One organization: admin API key (Bearer), directory, teams, policies, tokens, audit log and its sites. */
public final class SimOrg {
    public final String id;
    public final String name;
    public final String apiKey;
    /** A key without the admin scopes: 403 on every admin endpoint. */
    public final String limitedApiKey;
    public final String directoryId;
    public final Map<String, SimUser> users = new LinkedHashMap<>();
    public final Map<String, SimGroup> groups = new LinkedHashMap<>();
    public final Map<String, SimTeam> teams = new LinkedHashMap<>();
    public final Map<String, SimPolicy> policies = new LinkedHashMap<>();
    public final List<SimDomain> domains = new ArrayList<>();
    public final List<SimApiToken> apiTokens = new ArrayList<>();
    public final List<SimApiToken> apiKeys = new ArrayList<>();
    public final List<SimEvent> events = new ArrayList<>();
    /** Detections the audit events must raise (ground truth), see AuditActivity. */
    public final List<SimDetection> detections = new ArrayList<>();
    public final Map<String, SimSite> sites = new LinkedHashMap<>();
    public final List<Planted> planted = new ArrayList<>();

    public SimOrg(String id, String name, String apiKey, String limitedApiKey, String directoryId) {
        this.id = id;
        this.name = name;
        this.apiKey = apiKey;
        this.limitedApiKey = limitedApiKey;
        this.directoryId = directoryId;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String apiKey() {
        return apiKey;
    }

    public List<SimUser> users() {
        return List.copyOf(users.values());
    }
}
