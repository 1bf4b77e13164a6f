package dev.canopy.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A directory user of an organization (also visible on every site of the org). */
public final class SimUser {
    public final String accountId;
    public final String name;
    public final String email;
    public final String accountType;
    public String accountStatus;
    public String status;
    public Instant lastActive;
    public final Instant addedToOrg;
    public final boolean mfaEnabled;
    public final List<String> platformRoles;
    public final String jobTitle;
    public final String department;
    public final String timeZone;
    /**
     * {@code managed} when the email is on a domain the org verified, else {@code unmanaged} (v2 user object
     * {@code claimStatus}). Admin v1 {@code /users} lists managed accounts only (notes §1.3: "Only managed accounts
     * (verified domains)", mondoohq/mql#2042); unmanaged and external accounts appear only in the v2 directory.
     */
    public String claimStatus = "managed";

    public SimUser(String accountId, String name, String email, String accountType, String accountStatus,
            Instant lastActive, Instant addedToOrg, boolean mfaEnabled, List<String> platformRoles, String jobTitle,
            String department, String timeZone) {
        this.accountId = accountId;
        this.name = name;
        this.email = email;
        this.accountType = accountType;
        this.accountStatus = accountStatus;
        this.status = "active".equals(accountStatus) ? "active" : "deactivated";
        this.lastActive = lastActive;
        this.addedToOrg = addedToOrg;
        this.mfaEnabled = mfaEnabled;
        this.platformRoles = new ArrayList<>(platformRoles);
        this.jobTitle = jobTitle;
        this.department = department;
        this.timeZone = timeZone;
    }

    public String accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public boolean active() {
        return "active".equals(accountStatus);
    }

    public boolean managed() {
        return "managed".equals(claimStatus);
    }

    public boolean isOrgAdmin() {
        return platformRoles.contains("atlassian/org-admin");
    }
}
