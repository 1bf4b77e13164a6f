package dev.canopy.connector.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.canopy.contracts.events.EventType;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimState;
import dev.canopy.testkit.TestEvents;
import dev.canopy.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * No change is ever missed: pages and blog posts are edited continuously while incremental syncs and polls alternate
 * back to back (edits land in the same second and minute as checkpoints, and in the middle of listings), with listing
 * pages of three items so that edited items move across page boundaries while a listing walks them. After the edits
 * stop, one more poll (the continuous detection path) must leave every item's last version emitted, and no version may
 * be emitted twice.
 */
@QuarkusTest
@TestProfile(ContentChangeRaceTest.SmallPages.class)
class ContentChangeRaceTest {
    /** Org 1 is shared with MutationSyncTest; both only edit what they assert on, and tests run one after another. */
    private static final int ORG = 1;

    public static final class SmallPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("canopy.sync.content-page-size", "3");
        }
    }

    @Test
    void editsDuringAndBetweenIncrementalsAreEachEmittedExactlyOnce() throws Exception {
        Map<String, Object> org = SimSync.org(ORG);
        SimOrg state = SimState.generate(SimulatorConfig.testDefaults()).orgs().get(ORG);
        SimSite site = state.sites.values().iterator().next();
        List<SimContent> items = site.content.values().stream().filter(c -> (c.kind == ContentKind.PAGE
                || c.kind == ContentKind.BLOGPOST) && "current".equals(c.status)).toList();
        String token = TestTokens.tenantAdmin(TestEvents.uniqueTenant("race"));
        String connection = SimSync.connect(token, org);
        assertThat(SimSync.awaitFinished(token, SimSync.trigger(token, connection, "full"), Duration.ofSeconds(120))
                .getList("errors")).isEmpty();

        Map<String, Integer> lastEditedVersion = new ConcurrentHashMap<>();
        AtomicBoolean editing = new AtomicBoolean(true);
        Thread editor = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(7);
            int n = 0;
            while (editing.get()) {
                SimContent c = items.get(random.nextInt(items.size()));
                int version = SimSync.control("PUT", "/_sim/sites/" + site.name + "/content/" + c.id,
                        Map.of("body", "<p>race edit " + n++ + "</p>")).getInt("version");
                lastEditedVersion.merge(site.name + ":" + c.id, version, Math::max);
                try {
                    Thread.sleep(random.nextInt(40));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "race-editor");

        List<String> runs = new ArrayList<>();
        try (TestEvents events = new TestEvents()) {
            editor.start();
            // at least 8 s and 4 incrementals of concurrent editing (a loaded machine runs fewer per second)
            long start = System.nanoTime();
            int started = 0;
            while (System.nanoTime() - start < Duration.ofSeconds(8).toNanos() || started < 4) {
                run(token, connection, started++ % 2 == 0 ? "incremental" : "poll").ifPresent(runs::add);
            }
            editing.set(false);
            editor.join();
            run(token, connection, "poll").ifPresent(runs::add);

            Map<String, Integer> timesEmitted = new HashMap<>();
            Map<String, Integer> newestEmitted = new HashMap<>();
            for (SimSync.RunEvents run : SimSync.runEvents(events, runs).values()) {
                for (ContentData c : run.<ContentData>data(EventType.CONTENT)) {
                    if (!c.siteId().equals(site.name) || c.chunk() != 0) {
                        continue;
                    }
                    timesEmitted.merge(c.entityId() + "@" + c.version(), 1, Integer::sum);
                    newestEmitted.merge(c.entityId(), c.version(), Math::max);
                }
            }
            assertThat(lastEditedVersion).as("the editor made changes while syncs ran").hasSizeGreaterThan(5);
            assertThat(runs).as("several runs overlapped the edits").hasSizeGreaterThan(3);
            lastEditedVersion.forEach((item, version) -> assertThat(newestEmitted.get(item))
                    .as("last edited version of " + item + " emitted").isEqualTo(version));
            assertThat(Collections.max(timesEmitted.values())).as("no version emitted twice: " + timesEmitted).isEqualTo(1);
        }
    }

    /** The run, unless it was an idle poll (which keeps no record and emits nothing). */
    private static java.util.Optional<String> run(String token, String connection, String mode) {
        String run = SimSync.trigger(token, connection, mode);
        return SimSync.awaitFinishedOrDiscarded(token, run, Duration.ofSeconds(60)).map(finished -> {
            assertThat(finished.getList("errors")).as("errors of " + mode + " " + run).isEmpty();
            return run;
        });
    }
}
