package dev.canopy.simulator.model;

import java.util.LinkedHashSet;
import java.util.Set;

/** A directory group; {@code members} holds account ids. */
public final class SimGroup {
    public final String id;
    public final String name;
    public final String description;
    public final Set<String> members = new LinkedHashSet<>();

    public SimGroup(String id, String name, String description) {
        this.id = id;
        this.name = name;
        this.description = description;
    }
}
