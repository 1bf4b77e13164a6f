package dev.canopy.simulator.model;

import java.time.Instant;

public final class SimSpace {
    public final long id;
    public final String key;
    public final String name;
    public final String type;
    public final String authorId;
    public final Instant createdAt;
    public long homepageId;
    public boolean anonymousRead;
    public boolean unlicensedRead;
    public final String adminGroupId;

    public SimSpace(long id, String key, String name, String type, String authorId, Instant createdAt,
            String adminGroupId) {
        this.id = id;
        this.key = key;
        this.name = name;
        this.type = type;
        this.authorId = authorId;
        this.createdAt = createdAt;
        this.adminGroupId = adminGroupId;
    }
}
