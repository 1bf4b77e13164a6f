package dev.canopy.contracts.events.data;

import java.time.Instant;
import java.util.List;

/** An Atlassian site (workspace) of the organization: one cloud id, one host, one or more products. */
public record SiteData(String siteId, String url, String name, List<String> products, String status, Instant createdAt)
        implements EntityData {
    public SiteData {
        Required.text("siteId", siteId);
        products = Required.list(products);
    }

    @Override
    public String entityId() {
        return siteId;
    }
}
