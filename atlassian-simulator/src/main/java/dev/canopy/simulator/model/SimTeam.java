package dev.canopy.simulator.model;

import java.util.ArrayList;
import java.util.List;

public final class SimTeam {
    public final String teamId;
    public final String displayName;
    public final String description;
    public final String creatorId;
    public final String state;
    public final String teamType;
    public final List<String> members = new ArrayList<>();
    /**
     * The cloud id of the site a team belongs to in a site-scoped organization, null for org-wide teams. The Teams API
     * omits site-scoped teams unless the request names that site ({@code siteId} query parameter of the Teams REST
     * API; see the reference notes §1.4 and issue 13 item 4).
     */
    public String siteCloudId;

    public SimTeam(String teamId, String displayName, String description, String creatorId, String state,
            String teamType) {
        this.teamId = teamId;
        this.displayName = displayName;
        this.description = description;
        this.creatorId = creatorId;
        this.state = state;
        this.teamType = teamType;
    }
}
