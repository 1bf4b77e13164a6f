package dev.canopy.simulator.generate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import dev.canopy.simulator.model.SimProject;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimUser;

/**
 * Jira work items of one site: four projects (one the credentials cannot browse), issues with about two comments each,
 * some worklogs and attachments, and planted secrets/PII in every place text lives (description, text custom fields,
 * comments, worklog comments, attachments). Secrets in the hidden project are planted too but are not in the ground
 * truth: no scanner reading with those credentials can find them.
 */
public final class JiraGenerator {
    private static final List<String> ATTACHMENT_TYPES = List.of("text/plain", "application/json");

    private final Instant now;

    public JiraGenerator(Instant now) {
        this.now = now;
    }

    public void generate(SimSite site, int issues, SplittableRandom r) {
        List<SimUser> users = site.org.users();
        long defaultScheme = site.permissionSchemes.get(0).id;
        long publicScheme = site.permissionSchemes.get(site.permissionSchemes.size() - 1).id;
        List<SimProject> visible = List.of(
                project(site, "ENG", "Engineering", users, defaultScheme, r),
                project(site, "SUP", "Customer Support", users, publicScheme, r),
                project(site, "OPS", "Operations", users, defaultScheme, r));
        SimProject hidden = project(site, "SEC", "Security Incidents", users, defaultScheme, r);
        hidden.browsable = false;
        Map<Long, Integer> numbers = new HashMap<>();
        for (int n = 0; n < issues; n++) {
            SimProject p = n % 10 == 9 ? hidden : visible.get(n % visible.size());
            int number = numbers.merge(p.id, 1, Integer::sum);
            Instant created = now.minus(1 + r.nextInt(300 * 24), ChronoUnit.HOURS);
            SimIssue issue = new SimIssue(site.nextJiraId++, p.key + "-" + number, p.id, pick(users, r).accountId, created,
                    Names.pick(Names.TOPICS, r) + ": " + Names.sentence(r, 4 + r.nextInt(5)));
            for (int l = r.nextInt(3); l > 0; l--) {
                issue.labels.add(Names.pick(Names.WORDS, r));
            }
            for (int c = r.nextInt(5); c > 0; c--) {
                item(site, issue, SimJiraItem.Kind.COMMENT, pick(users, r).accountId, r);
            }
            if (r.nextInt(4) == 0) {
                item(site, issue, SimJiraItem.Kind.WORKLOG, pick(users, r).accountId, r);
            }
            if (r.nextInt(5) == 0) {
                SimJiraItem a = item(site, issue, SimJiraItem.Kind.ATTACHMENT, issue.reporterId, r);
                a.mimeType = ATTACHMENT_TYPES.get(r.nextInt(ATTACHMENT_TYPES.size()));
                a.filename = Names.pick(Names.TOPICS, r).toLowerCase().replace(' ', '-') + "-" + a.id
                        + ("application/json".equals(a.mimeType) ? ".json" : ".log");
                a.fileId = Ids.uuid(r);
            }
            for (int e = r.nextInt(3); e > 0; e--) {
                issue.touch(issue.updatedAt.plus(1 + r.nextInt(72), ChronoUnit.HOURS));
            }
            if (issue.updatedAt.isAfter(now)) {
                issue.updatedAt = now;
            }
            site.add(issue);
        }
        plant(site, visible, hidden, r);
    }

    private SimProject project(SimSite site, String key, String name, List<SimUser> users, long scheme, SplittableRandom r) {
        SimProject p = new SimProject(10_000 + site.projects.size(), key, name, pick(users, r).accountId, scheme);
        site.projects.put(p.id, p);
        return p;
    }

    private SimJiraItem item(SimSite site, SimIssue issue, SimJiraItem.Kind kind, String author, SplittableRandom r) {
        Instant at = issue.createdAt.plus(1 + r.nextInt(200), ChronoUnit.HOURS);
        SimJiraItem x = new SimJiraItem(site.nextJiraId++, kind, issue.id, author, at.isAfter(now) ? now : at);
        issue.items(kind).add(x);
        site.jiraItems.put(x.id, x);
        if (x.createdAt.isAfter(issue.updatedAt)) {
            issue.updatedAt = x.createdAt;
        }
        return x;
    }

    /**
     * Every secret detector once and every PII detector once, rotating over the places text lives; two more secrets in
     * the hidden project.
     */
    private void plant(SimSite site, List<SimProject> visible, SimProject hidden, SplittableRandom r) {
        List<SimIssue> seen = site.issues.values().stream().filter(i -> i.projectId != hidden.id).toList();
        List<SimIssue> unseen = site.issues.values().stream().filter(i -> i.projectId == hidden.id).toList();
        if (seen.isEmpty()) {
            return;
        }
        List<String> detectors = new ArrayList<>(Secrets.SECRET_DETECTORS);
        detectors.addAll(Secrets.PII_DETECTORS);
        String[] places = {"description", JiraText.NOTES_FIELD, "comment", JiraText.BUILD_FIELD, "worklog", "attachment"};
        for (int n = 0; n < detectors.size(); n++) {
            String detector = detectors.get(n);
            String value = Secrets.generate(detector, r);
            String place = places[n % places.length];
            if (place.equals(JiraText.BUILD_FIELD) && value.contains("\n")) {
                place = JiraText.NOTES_FIELD; // a single-line field cannot hold a PEM block
            }
            plant(site, seen.get(r.nextInt(seen.size())), place, detector, value, r);
        }
        for (int n = 0; n < 2 && !unseen.isEmpty(); n++) {
            String detector = Names.pick(Secrets.SECRET_DETECTORS, r);
            plant(site, unseen.get(r.nextInt(unseen.size())), "description", detector, Secrets.generate(detector, r), r);
        }
    }

    /** Puts {@code value} into {@code place} of the issue (adding a comment/worklog/attachment if it has none). */
    public static Planted plant(SimSite site, SimIssue issue, String place, String detector, String value, SplittableRandom r) {
        String category = Secrets.PII_DETECTORS.contains(detector) ? "pii" : "secret";
        Planted p;
        switch (place) {
            case "comment", "worklog", "attachment" -> {
                SimJiraItem.Kind kind = switch (place) {
                    case "comment" -> SimJiraItem.Kind.COMMENT;
                    case "worklog" -> SimJiraItem.Kind.WORKLOG;
                    default -> SimJiraItem.Kind.ATTACHMENT;
                };
                List<SimJiraItem> items = issue.items(kind);
                SimJiraItem target;
                if (items.isEmpty()) {
                    target = new SimJiraItem(site.nextJiraId++, kind, issue.id, issue.reporterId, issue.updatedAt);
                    if (kind == SimJiraItem.Kind.ATTACHMENT) {
                        target.mimeType = "text/plain";
                        target.filename = "notes-" + target.id + ".log";
                        target.fileId = Ids.uuid(r);
                    }
                    items.add(target);
                    site.jiraItems.put(target.id, target);
                } else {
                    target = items.get(r.nextInt(items.size()));
                }
                target.planted.add(value);
                p = new Planted(category, detector, value, site.name, target.id, kind.contentType);
            }
            case "description" -> {
                issue.planted.add(value);
                p = new Planted(category, detector, value, site.name, issue.id, "jira_issue");
            }
            default -> {
                issue.plantedInField.computeIfAbsent(place, k -> new ArrayList<>()).add(value);
                p = new Planted(category, detector, value, site.name, issue.id, "jira_issue");
            }
        }
        site.org.planted.add(p);
        site.modCount++;
        return p;
    }

    private static SimUser pick(List<SimUser> users, SplittableRandom r) {
        return users.get(r.nextInt(users.size()));
    }
}
