package dev.canopy.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;

import org.junit.jupiter.api.Test;

class PortRaceTest {
    @Test
    void aTakenPortDeepInTheCauseChainIsALostRace() {
        // the shape seen when another module's PostgreSQL took the broker's port (mvn -T)
        RuntimeException e = new RuntimeException("Received a fatal error while waiting for all of the SocketServer "
                + "Acceptors to be started", new IllegalStateException("Socket server failed to bind to "
                + "localhost:34845: Address already in use.", new BindException("Address already in use")));
        assertTrue(PortRace.lost(e));
        assertEquals("Socket server failed to bind to localhost:34845: Address already in use.", PortRace.reason(e));
        assertTrue(PortRace.lost(new IllegalArgumentException("Each listener must have a different port")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(PortRace.lost(new RuntimeException("log directory is not writable",
                new java.io.IOException("Permission denied"))));
        assertNull(PortRace.reason(new RuntimeException((String) null)));
    }

    @Test
    void aCleanUpThatThrowsDoesNotHideTheStartsFailure() {
        PortRace.closeQuietly(() -> {
            throw new IllegalStateException("not started");
        });
    }
}
