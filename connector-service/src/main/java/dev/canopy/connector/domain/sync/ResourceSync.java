package dev.canopy.connector.domain.sync;

/** One resource (or a family read together) of a connection's sync. */
public interface ResourceSync {
    String name();

    void sync(RunContext ctx);
}
