package dev.canopy.simulator.control;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.canopy.simulator.SimulatorConfig.Faults;
import dev.canopy.simulator.SimulatorConfig.RateLimit;
import dev.canopy.simulator.generate.AuditActivity;
import dev.canopy.simulator.generate.Ids;
import dev.canopy.simulator.generate.JiraGenerator;
import dev.canopy.simulator.generate.OrgGenerator;
import dev.canopy.simulator.generate.Secrets;
import dev.canopy.simulator.http.FaultInjector;
import dev.canopy.simulator.http.RateLimiter;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimApp;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimDetection;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimEvent;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPolicy;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimUser;
import io.vertx.core.Context;

/**
 * Mutations for tests and demos. Every call runs on the simulator's event loop (the one serving HTTP), so the state is
 * only ever touched by one thread. Unknown ids raise {@link IllegalArgumentException}.
 */
public final class SimControl {
    private final SimState state;
    private final Context loop;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final SplittableRandom random;

    public SimControl(SimState state, Context loop, FaultInjector faults, RateLimiter rateLimiter) {
        this.state = state;
        this.loop = loop;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.random = new SplittableRandom(state.seed ^ 0x5EED);
    }

    public <T> T onLoop(Supplier<T> action) {
        // the simulator's Vert.x has exactly one event loop: being on one of its threads means being on "the" loop
        io.vertx.core.Context current = io.vertx.core.Vertx.currentContext();
        if (Context.isOnEventLoopThread() && current != null && current.owner() == loop.owner()) {
            return action.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public GroundTruth groundTruth(String orgId) {
        return onLoop(() -> GroundTruth.of(org(orgId), state.now));
    }

    public SimContent createPage(String siteName, Long spaceId, String title, String storageBody) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimSpace space = spaceId == null ? site.spaces.values().iterator().next() : site.spaces.get(spaceId);
            if (space == null) {
                throw new IllegalArgumentException("unknown space " + spaceId);
            }
            SimContent page = new SimContent(site.newContentId(), ContentKind.PAGE, space.id, space.homepageId,
                    site.org.users().get(0).accountId, clock(), title);
            page.explicitBody = storageBody;
            site.add(page);
            return page;
        });
    }

    public SimContent editContent(String siteName, long id, String title, String storageBody) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimContent c = content(site, id);
            c.edit(c.lastEditorId, clock(), () -> {
                if (title != null) {
                    c.title = title;
                }
                if (storageBody != null) {
                    c.explicitBody = storageBody;
                }
            });
            site.modCount++;
            return c;
        });
    }

    /** status {@code trashed}; {@code deleted} is what Confluence shows after purging from the trash. */
    public SimContent setStatus(String siteName, long id, String status) {
        if (!List.of("current", "archived", "trashed", "deleted").contains(status)) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimContent c = content(site, id);
            c.status = status;
            c.edit(c.lastEditorId, clock());
            site.modCount++;
            return c;
        });
    }

    /** Removes content entirely: afterwards it answers 404. */
    public void purge(String siteName, long id) {
        onLoop(() -> {
            SimSite site = site(siteName);
            content(site, id);
            site.content.remove(id);
            site.modCount++;
            return null;
        });
    }

    /** Plants a generated value for the detector (or the given value) into the content; recorded in the ground truth. */
    public Planted plantSecret(String siteName, long contentId, String detector, String value) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimContent c = content(site, contentId);
            String v = value != null ? value : Secrets.generate(detector, random);
            Planted[] p = new Planted[1];
            c.edit(c.lastEditorId, clock(), () -> p[0] = OrgGenerator.plant(site, c, detector, v));
            return p[0];
        });
    }

    /**
     * An edit that takes planted strings out of the current version (all of them when {@code value} is null): the
     * earlier versions keep them, as the page history does in Confluence. Returns the number removed.
     */
    public int removeSecrets(String siteName, long contentId, String value) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimContent c = content(site, contentId);
            int before = c.planted.size();
            c.edit(c.lastEditorId, clock(), () -> c.planted.removeIf(p -> value == null || p.equals(value)));
            site.modCount++;
            return before - c.planted.size();
        });
    }

    /**
     * Deletes one earlier version from the page history, as a space admin can (Confluence v1
     * {@code DELETE /wiki/rest/api/content/{id}/version/{versionNumber}}); the current version cannot be deleted.
     */
    public void purgeVersion(String siteName, long contentId, int number) {
        onLoop(() -> {
            SimSite site = site(siteName);
            SimContent c = content(site, contentId);
            if (!c.history.removeIf(v -> v.number() == number)) {
                throw new IllegalArgumentException("unknown version " + number + " of content " + contentId);
            }
            site.modCount++;
            return null;
        });
    }

    /** A new issue in a project (by key) of the site, reported by the org's first user. */
    public SimIssue createIssue(String siteName, String projectKey, String summary) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimProject p = site.projects.values().stream().filter(x -> x.key.equals(projectKey)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown project " + projectKey));
            long number = site.issues.values().stream().filter(i -> i.projectId == p.id).count() + 1;
            String key = p.key + "-" + number;
            while (site.issuesByKey.containsKey(key)) {
                key = p.key + "-" + ++number;
            }
            SimIssue issue = new SimIssue(site.nextJiraId++, key, p.id, site.org.users().get(0).accountId, clock(), summary);
            site.add(issue);
            return issue;
        });
    }

    /** Edits an issue's summary (moves {@code updated}). */
    public SimIssue editIssue(String siteName, String idOrKey, String summary) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimIssue issue = issue(site, idOrKey);
            if (summary != null) {
                issue.summary = summary;
            }
            issue.touch(clock());
            site.modCount++;
            return issue;
        });
    }

    /** A new comment on an issue (moves the issue's {@code updated}, as Jira does). */
    public SimJiraItem addComment(String siteName, String idOrKey) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimIssue issue = issue(site, idOrKey);
            Instant now = clock();
            SimJiraItem c = new SimJiraItem(site.nextJiraId++, SimJiraItem.Kind.COMMENT, issue.id, issue.reporterId, now);
            issue.comments.add(c);
            site.jiraItems.put(c.id, c);
            issue.touch(now);
            site.modCount++;
            return c;
        });
    }

    /**
     * Plants a value into an issue: {@code place} is {@code description}, a text custom field id, {@code comment},
     * {@code worklog} or {@code attachment} (an existing one, or a new one if the issue has none). Moves {@code updated}.
     */
    public Planted plantInIssue(String siteName, String idOrKey, String place, String detector, String value) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimIssue issue = issue(site, idOrKey);
            String v = value != null ? value : Secrets.generate(detector, random);
            Planted p = JiraGenerator.plant(site, issue, place == null ? "description" : place, detector, v, random);
            issue.touch(clock());
            return p;
        });
    }

    /** Deletes an issue with its comments, worklogs and attachments: afterwards it answers 404 and no search finds it. */
    public void deleteIssue(String siteName, String idOrKey) {
        onLoop(() -> {
            SimSite site = site(siteName);
            SimIssue issue = issue(site, idOrKey);
            site.issues.remove(issue.id);
            site.issuesByKey.remove(issue.key);
            for (SimJiraItem.Kind k : SimJiraItem.Kind.values()) {
                issue.items(k).forEach(x -> site.jiraItems.remove(x.id));
            }
            site.modCount++;
            return null;
        });
    }

    /** Grants or takes away the credentials' Browse Projects permission in a project. */
    public SimProject setProjectBrowsable(String siteName, String projectKey, boolean browsable) {
        return onLoop(() -> {
            SimProject p = site(siteName).projects.values().stream().filter(x -> x.key.equals(projectKey)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown project " + projectKey));
            p.browsable = browsable;
            return p;
        });
    }

    private static SimIssue issue(SimSite site, String idOrKey) {
        SimIssue i = site.issue(idOrKey);
        if (i == null) {
            throw new IllegalArgumentException("unknown issue " + idOrKey);
        }
        return i;
    }

    public SimUser addUser(String orgId, String name, String email) {
        return onLoop(() -> {
            SimOrg org = org(orgId);
            Instant now = clock();
            SimUser u = new SimUser(Ids.accountId(random), name, email, "atlassian", "active", now, now, true, List.of(),
                    "Engineer", "Engineering", "Europe/Berlin");
            org.users.put(u.accountId, u);
            org.groups.values().stream().filter(g -> g.name.equals("confluence-users") || g.name.equals("jira-software-users"))
                    .forEach(g -> g.members.add(u.accountId));
            audit(org, "user_created", u.accountId);
            return u;
        });
    }

    public SimUser deactivateUser(String orgId, String accountId) {
        return onLoop(() -> {
            SimOrg org = org(orgId);
            SimUser u = org.users.get(accountId);
            if (u == null) {
                throw new IllegalArgumentException("unknown user " + accountId);
            }
            u.accountStatus = "inactive";
            u.status = "deactivated";
            audit(org, "user_deactivated", accountId);
            return u;
        });
    }

    public SimApp installApp(String siteName, String key, String name, String vendor, List<String> scopes, boolean userInstalled,
            String product) {
        return onLoop(() -> {
            SimSite site = site(siteName);
            SimApp app = new SimApp(key, name, vendor, "https://marketplace.atlassian.com", "1.0.0-AC", userInstalled, true,
                    List.copyOf(scopes), "557058:" + Ids.uuid(random), clock(), site.org.users().get(0).accountId,
                    product == null ? (site.products.contains("jira") ? "jira" : "confluence") : product);
            site.apps.put(key, app);
            audit(site.org, "app_installed", key);
            return app;
        });
    }

    public void removeApp(String siteName, String key) {
        onLoop(() -> {
            SimSite site = site(siteName);
            if (site.apps.remove(key) == null) {
                throw new IllegalArgumentException("unknown app " + key);
            }
            audit(site.org, "app_uninstalled", key);
            return null;
        });
    }

    public SimPolicy setPolicyStatus(String orgId, String policyId, String status) {
        return onLoop(() -> {
            SimOrg org = org(orgId);
            SimPolicy p = org.policies.get(policyId);
            if (p == null) {
                throw new IllegalArgumentException("unknown policy " + policyId);
            }
            p.status = status;
            p.updatedAt = clock();
            audit(org, "policy_updated", policyId);
            return p;
        });
    }

    public SimPolicy addPolicy(String orgId, String type, String name, String status) {
        return onLoop(() -> {
            SimOrg org = org(orgId);
            SimPolicy p = new SimPolicy(Ids.uuid(random), type, name, status, clock());
            org.policies.put(p.id, p);
            audit(org, "policy_created", p.id);
            return p;
        });
    }

    public void setSpaceAnonymousAccess(String siteName, long spaceId, boolean anonymous) {
        onLoop(() -> {
            SimSpace s = site(siteName).spaces.get(spaceId);
            if (s == null) {
                throw new IllegalArgumentException("unknown space " + spaceId);
            }
            s.anonymousRead = anonymous;
            return null;
        });
    }

    public Faults faults() {
        return faults.faults();
    }

    public void setFaults(Faults f) {
        faults.update(f);
    }

    public RateLimit rateLimit() {
        return rateLimiter.limit();
    }

    public void setRateLimit(RateLimit l) {
        rateLimiter.update(l);
    }

    private void audit(SimOrg org, String action, String target) {
        SimUser actor = org.users().get(0);
        org.events.add(new SimEvent(Ids.uuid(random), auditClock(org), action, actor.accountId, actor.name, actor.email,
                "container-token", "203.0.113.10", target));
    }

    /**
     * Appends the audit events of a risky scenario ({@link AuditActivity#SCENARIOS}) at the current simulated time,
     * optionally by the given account, and returns the detections they must raise (also in the ground truth). The
     * events of a burst are 50 ms apart so that none is dated in the future by more than a few seconds.
     */
    public AuditTrigger triggerAudit(String orgId, String scenario, String actorAccountId) {
        return triggerAudit(orgId, scenario, actorAccountId, null);
    }

    /** As above; {@code burstEvents} sets the size of a permission-burst or mass-deletion (a part of a burst). */
    public AuditTrigger triggerAudit(String orgId, String scenario, String actorAccountId, Integer burstEvents) {
        return onLoop(() -> {
            SimOrg org = org(orgId);
            int before = org.events.size();
            List<SimDetection> raised = new AuditActivity(org, random).trigger(scenario, actorAccountId, auditClock(org), 50,
                    burstEvents);
            List<String> ids = org.events.subList(before, org.events.size()).stream().map(SimEvent::id).toList();
            return new AuditTrigger(scenario, AuditActivity.SCENARIOS.get(scenario), ids, raised);
        });
    }

    /** What {@link #triggerAudit} appended: the events and the detections they must raise. */
    public record AuditTrigger(String scenario, String detectionId, List<String> eventIds, List<SimDetection> detections) {
    }

    /**
     * The simulated time for a new audit event: never before the org's latest event, so that a client polling
     * {@code events-stream} from its cursor (time, id) cannot miss it.
     */
    private Instant auditClock(SimOrg org) {
        Instant now = clock();
        for (SimEvent e : org.events) {
            if (!e.time().isBefore(now)) {
                now = e.time().plusMillis(1);
            }
        }
        return now;
    }

    /** Wall-clock time, but never before the generator's "now" nor before the last event (keeps streams ordered). */
    private Instant clock() {
        return state.clock();
    }

    private SimOrg org(String orgId) {
        SimOrg org = state.org(orgId);
        if (org == null) {
            throw new IllegalArgumentException("unknown org " + orgId);
        }
        return org;
    }

    private SimSite site(String name) {
        SimSite site = state.site(name);
        if (site == null) {
            throw new IllegalArgumentException("unknown site " + name);
        }
        return site;
    }

    private static SimContent content(SimSite site, long id) {
        SimContent c = site.content.get(id);
        if (c == null) {
            throw new IllegalArgumentException("unknown content " + id);
        }
        return c;
    }
}
