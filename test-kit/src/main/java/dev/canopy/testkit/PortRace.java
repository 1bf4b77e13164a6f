package dev.canopy.testkit;

import java.util.Locale;

/**
 * Embedded servers that pick a free port by opening and closing a socket and bind it later can lose it to another
 * process in between (with modules tested side by side, to another module's test JVM). This recognises that failure,
 * so the start can be tried again with a fresh port, and only that one: any other failure is reported as it is.
 */
final class PortRace {
    /** What the embedded Kafka broker's failures say when a port was taken (its own two, or another process's). */
    private static final String[] SIGNS = {"address already in use", "failed to bind", "different port"};

    /**
     * Held while an embedded server of this JVM picks and binds its ports. The Kafka broker and PostgreSQL resources
     * start side by side; both pick a port by opening and closing a socket, so they could be handed the same one. When
     * the loser is the broker's controller listener, Kafka's fatal-fault handler halts the whole test JVM ("Socket
     * server failed to bind … Address already in use", then "The forked VM terminated without properly saying
     * goodbye") and no retry can catch it; one start at a time inside a JVM rules that out.
     */
    static final Object STARTS = new Object();

    private PortRace() {
    }

    /** Whether {@code e} or one of its causes says a port was taken. */
    static boolean lost(Throwable e) {
        return reason(e) != null;
    }

    /** The message in {@code e}'s cause chain that says a port was taken, or null. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                for (String sign : SIGNS) {
                    if (lower.contains(sign)) {
                        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
                    }
                }
            }
        }
        return null;
    }

    /** Runs a clean-up of a failed start, ignoring what it throws (the start's own failure is what matters). */
    static void closeQuietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException ignored) {
            // a half-started server may not close cleanly; the next attempt uses fresh ports and directories
        }
    }
}
