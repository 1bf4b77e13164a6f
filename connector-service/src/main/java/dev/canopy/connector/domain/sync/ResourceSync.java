package dev.canopy.connector.domain.sync;

/** One resource (or a family read together) of a connection's sync. */
public interface ResourceSync {
    String name();

    void sync(RunContext ctx);

    /**
     * Whether this resource has a change feed cheap enough to ask about once a minute: only those run in
     * {@link dev.canopy.contracts.events.data.SyncModes#POLL poll} runs.
     */
    default boolean polled() {
        return false;
    }
}
