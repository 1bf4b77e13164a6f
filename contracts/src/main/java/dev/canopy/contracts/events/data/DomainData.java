package dev.canopy.contracts.events.data;

/** A domain claimed by the organization; {@code claimStatus} is verified, unverified, missing_token, ... */
public record DomainData(String domainId, String name, String claimType, String claimStatus) implements EntityData {
    public DomainData {
        Required.text("domainId", domainId);
        Required.text("name", name);
    }

    @Override
    public String entityId() {
        return domainId;
    }

    public boolean verified() {
        return "verified".equals(claimStatus);
    }
}
