package dev.canopy.simulator.model;

/** One Jira permission-scheme grant; holderType {@code anyone} means anonymous access. */
public record SimPermissionGrant(long id, String permission, String holderType, String holderValue) {
}
