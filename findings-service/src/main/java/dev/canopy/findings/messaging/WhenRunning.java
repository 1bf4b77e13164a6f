package dev.canopy.findings.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips scheduled jobs until the application has started, so the outbox relay is not created before its Kafka
 * emitter can be connected, and again once shutdown has begun: the jobs' database pool closes while the scheduler
 * still ticks, and every tick of the shutdown's ~8 s (Kafka Streams and the consumers closing) logged an ERROR
 * "Pool closed" for the outbox relay and housekeeping.
 */
@ApplicationScoped
public class WhenRunning implements Scheduled.SkipPredicate {
    private volatile boolean running;

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        running = true;
    }

    void onShutdown(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        running = false;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !running;
    }
}
