package dev.canopy.simulator.model;

public record SimDomain(String id, String name, String claimType, String claimStatus) {
}
