package dev.canopy.simulator.model;

import java.util.List;

/** One organization with its admin API key and directory. */
public record SimOrg(String id, String name, String apiKey, List<SimUser> users) {
}
