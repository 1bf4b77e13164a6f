package dev.canopy.simulator.model;

import java.util.ArrayList;
import java.util.List;

public final class SimPermissionScheme {
    public final long id;
    public final String name;
    public final String description;
    public final List<SimPermissionGrant> grants = new ArrayList<>();

    public SimPermissionScheme(long id, String name, String description) {
        this.id = id;
        this.name = name;
        this.description = description;
    }
}
