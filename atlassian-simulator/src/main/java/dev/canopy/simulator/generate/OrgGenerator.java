package dev.canopy.simulator.generate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.canopy.simulator.SimulatorConfig;
import dev.canopy.simulator.SimulatorConfig.Sizes;
import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.Planted;
import dev.canopy.simulator.model.SimApiToken;
import dev.canopy.simulator.model.SimApp;
import dev.canopy.simulator.model.SimContent;
import dev.canopy.simulator.model.SimDomain;
import dev.canopy.simulator.model.SimEvent;
import dev.canopy.simulator.model.SimGroup;
import dev.canopy.simulator.model.SimOrg;
import dev.canopy.simulator.model.SimPermissionGrant;
import dev.canopy.simulator.model.SimPermissionScheme;
import dev.canopy.simulator.model.SimPolicy;
import dev.canopy.simulator.model.SimSite;
import dev.canopy.simulator.model.SimSpace;
import dev.canopy.simulator.model.SimState;
import dev.canopy.simulator.model.SimTeam;
import dev.canopy.simulator.model.SimUser;

/**
 * Builds organizations deterministically from the seed. Risky settings are planted by index rules (documented in the
 * README) so that every size produces each risk at least once per org.
 */
public final class OrgGenerator {
    private static final List<String> ORG_NAMES = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark",
            "wayne", "wonka", "tyrell", "cyberdyne");
    private static final List<String> ATTACHMENT_TYPES = List.of("text/plain", "text/csv", "application/json");

    private final SimulatorConfig config;
    private final Sizes sizes;
    private final Instant now;

    private OrgGenerator(SimulatorConfig config) {
        this.config = config;
        this.sizes = config.sizes();
        this.now = config.now();
    }

    public static SimState generate(SimulatorConfig config) {
        SimState state = new SimState(config.seed(), config.now());
        OrgGenerator g = new OrgGenerator(config);
        for (int o = 0; o < config.sizes().orgs(); o++) {
            state.add(g.org(o, new SplittableRandom(config.seed() * 1_000_003L + o)));
        }
        return state;
    }

    private SimOrg org(int index, SplittableRandom r) {
        String base = ORG_NAMES.get(index % ORG_NAMES.size()) + (index >= ORG_NAMES.size() ? index / ORG_NAMES.size() : "");
        SimOrg org = new SimOrg(Ids.uuid(r), Character.toUpperCase(base.charAt(0)) + base.substring(1) + " Corp",
                "ATCTT3xFfGN0" + Ids.alnum(r, 60), "ATCTT3xFfGN0" + Ids.alnum(r, 60), Ids.uuid(r));
        String domain = base + ".example.com";
        org.domains.add(new SimDomain(Ids.uuid(r), domain, "dns", "verified"));
        org.domains.add(new SimDomain(Ids.uuid(r), base + "-labs.example.com", "http", "unverified"));
        users(org, domain, r);
        groups(org, r);
        teams(org, r);
        policies(org, index, r);
        tokens(org, r);
        for (int s = 0; s < sizes.sitesPerOrg(); s++) {
            SimSite site = new SimSite(base + "-" + (s + 1), Ids.uuid(r), org, "admin@" + domain,
                    "ATATT3xFfGF0" + Ids.alnum(r, 40), "member@" + domain, "ATATT3xFfGF0" + Ids.alnum(r, 40),
                    65_537L + 1_000_000L * s);
            org.sites.put(site.name, site);
            if (sizes.orgs() > 1 && s == 1 && index < 2) {
                // with several orgs: org 0's second site is Jira-only, org 1's Confluence-only (a single-org
                // simulation, like the load benchmark, keeps both products everywhere)
                site.products.retainAll(List.of(index == 0 ? "jira" : "confluence"));
            }
            apps(site, r);
            if (site.products.contains("jira")) {
                permissionSchemes(site, s);
                // its own random stream, so Jira content leaves everything generated after it unchanged
                new JiraGenerator(now).generate(site, sizes.issuesPerSite(),
                        new SplittableRandom(config.seed() * 7907 + index * 103L + s));
            }
            if (site.products.contains("confluence")) {
                confluence(site, r);
                plantAll(site, r);
                // its own random stream, so adding history plants leaves everything generated after them unchanged
                plantInHistoryOnly(site, new SplittableRandom(config.seed() * 7919 + index * 101L + s));
            }
        }
        if (index % 2 == 0) {
            // a site-scoped organization: every other team belongs to its first site
            String firstSite = org.sites.values().iterator().next().cloudId;
            int t = 0;
            for (SimTeam team : org.teams.values()) {
                if (t++ % 2 == 1) {
                    team.siteCloudId = firstSite;
                }
            }
        }
        events(org, r);
        // its own random stream, so the audit noise and risky actions leave everything generated before unchanged
        new AuditActivity(org, new SplittableRandom(config.seed() * 7927 + index * 107L)).generate(now);
        return org;
    }

    private void users(SimOrg org, String domain, SplittableRandom r) {
        for (int u = 0; u < sizes.usersPerOrg(); u++) {
            String first = Names.first(r);
            String last = Names.last(r);
            boolean deactivated = u % 20 == 7;
            boolean dormant = u % 8 == 3;
            Instant added = now.minus(200 + r.nextInt(900), ChronoUnit.DAYS);
            Instant lastActive = dormant ? now.minus(120 + r.nextInt(300), ChronoUnit.DAYS)
                    : now.minus(r.nextInt(30 * 24 * 60), ChronoUnit.MINUTES);
            List<String> roles = u < 2 ? List.of("atlassian/org-admin") : u < 4 ? List.of("atlassian/site-admin") : List.of();
            // user 1 is an org admin without 2SV; every 5th user also lacks it
            boolean mfa = u != 1 && u % 5 != 4;
            // every 9th user (from the 6th) signs up on the org's unverified domain and every 11th is an external
            // collaborator on a domain the org does not own: both are unmanaged accounts, missing from admin v1 /users
            boolean unverified = u >= 4 && u % 9 == 5;
            boolean external = u >= 4 && u % 11 == 6;
            String mailDomain = external ? "contractor-" + (u % 3) + ".example.net"
                    : unverified ? domain.replace(".example.com", "-labs.example.com") : domain;
            SimUser user = new SimUser(Ids.accountId(r), first + " " + last,
                    first.toLowerCase() + "." + last.toLowerCase().replace("-", "") + u + "@" + mailDomain, "atlassian",
                    deactivated ? "inactive" : "active", lastActive, added, mfa, roles, Names.pick(Names.TITLES, r),
                    Names.pick(Names.DEPARTMENTS, r), Names.pick(Names.TIME_ZONES, r));
            if (unverified || external) {
                user.claimStatus = "unmanaged";
            }
            org.users.put(user.accountId, user);
        }
    }

    private void groups(SimOrg org, SplittableRandom r) {
        List<SimUser> users = org.users();
        String[] fixed = {"org-admins", "site-admins", "confluence-users", "jira-software-users"};
        for (int g = 0; g < Math.max(sizes.groupsPerOrg(), fixed.length); g++) {
            String name = g < fixed.length ? fixed[g]
                    : Names.pick(Names.DEPARTMENTS, r).toLowerCase() + "-" + Names.pick(Names.TOPICS, r).toLowerCase().replace(' ', '-') + "-" + g;
            SimGroup group = new SimGroup(Ids.uuid(r), name, "Group " + name);
            for (int u = 0; u < users.size(); u++) {
                SimUser user = users.get(u);
                boolean member = switch (g) {
                    case 0 -> user.platformRoles.contains("atlassian/org-admin");
                    case 1 -> !user.platformRoles.isEmpty();
                    case 2, 3 -> true;
                    default -> r.nextInt(Math.max(4, sizes.groupsPerOrg() / 4)) == 0;
                };
                if (member) {
                    group.members.add(user.accountId);
                }
            }
            org.groups.put(group.id, group);
        }
    }

    private void teams(SimOrg org, SplittableRandom r) {
        List<SimUser> users = org.users();
        String[] types = {"OPEN", "MEMBER_INVITE", "EXTERNAL", "ORG_ADMIN_MANAGED"};
        for (int t = 0; t < sizes.teamsPerOrg(); t++) {
            SimTeam team = new SimTeam(Ids.uuid(r), Names.pick(Names.DEPARTMENTS, r) + " " + Names.pick(Names.TOPICS, r) + " " + (t + 1),
                    Names.sentence(r, 6), users.get(r.nextInt(users.size())).accountId, t % 9 == 8 ? "ARCHIVED" : "ACTIVE",
                    types[t % types.length]);
            int members = 2 + r.nextInt(Math.min(users.size(), 60));
            for (int m = 0; m < members; m++) {
                String id = users.get(r.nextInt(users.size())).accountId;
                if (!team.members.contains(id)) {
                    team.members.add(id);
                }
            }
            org.teams.put(team.teamId, team);
        }
    }

    private void policies(SimOrg org, int index, SplittableRandom r) {
        Instant created = now.minus(300 + r.nextInt(300), ChronoUnit.DAYS);
        // even orgs (the first one included) have their IP allowlist disabled: risk ip-allowlist-missing
        addPolicy(org, new SimPolicy(Ids.uuid(r), "ip-allowlist", "Office networks", index % 2 == 0 ? "disabled" : "enabled", created));
        addPolicy(org, new SimPolicy(Ids.uuid(r), "data-security", "Block anonymous access", "enabled", created));
        addPolicy(org, new SimPolicy(Ids.uuid(r), "data-residency", "EU data residency", "enabled", created));
        addPolicy(org, new SimPolicy(Ids.uuid(r), "generative-ai", "Atlassian Intelligence", "enabled", created));
    }

    private static void addPolicy(SimOrg org, SimPolicy p) {
        org.policies.put(p.id, p);
    }

    private void tokens(SimOrg org, SplittableRandom r) {
        List<SimUser> users = org.users();
        int count = Math.max(4, users.size() / 3);
        for (int t = 0; t < count; t++) {
            SimUser owner = users.get((t * 3) % users.size());
            Instant created = now.minus(10 + r.nextInt(700), ChronoUnit.DAYS);
            boolean stale = t % 4 == 1;
            Instant lastActive = stale ? (t % 8 == 1 ? null : now.minus(100 + r.nextInt(200), ChronoUnit.DAYS))
                    : now.minus(r.nextInt(20 * 24), ChronoUnit.HOURS);
            if (lastActive != null && lastActive.isBefore(created)) {
                created = lastActive.minus(1, ChronoUnit.DAYS);
            }
            if (stale && lastActive == null) {
                created = now.minus(100 + r.nextInt(300), ChronoUnit.DAYS);
            }
            org.apiTokens.add(new SimApiToken(Ids.uuid(r), Names.pick(List.of("ci", "jira-cli", "backup script",
                    "reporting", "zapier", "local dev"), r), owner.accountId, created, created.plus(365, ChronoUnit.DAYS),
                    lastActive, "ALLOWED", org.apiTokens.size() % 3 == 1
                            ? List.of("read:confluence-content.all", "read:jira-work") : List.of()));
        }
        org.apiKeys.add(new SimApiToken(Ids.uuid(r), "Canopy inventory", users.get(0).accountId,
                now.minus(30, ChronoUnit.DAYS), now.plus(335, ChronoUnit.DAYS), now.minus(1, ChronoUnit.HOURS), "ACTIVE", List.of()));
        org.apiKeys.add(new SimApiToken(Ids.uuid(r), "Old SIEM export", users.get(0).accountId,
                now.minus(400, ChronoUnit.DAYS), now.minus(35, ChronoUnit.DAYS), now.minus(200, ChronoUnit.DAYS), "EXPIRED",
                List.of("read:directories:admin", "read:events:admin")));
    }

    private void apps(SimSite site, SplittableRandom r) {
        int n = Math.min(sizes.appsPerSite(), 2_000);
        for (int a = 0; a < n; a++) {
            AppCatalog.Entry e = AppCatalog.ENTRIES.get((a + site.name.length()) % AppCatalog.ENTRIES.size());
            String key = a < AppCatalog.ENTRIES.size() ? e.key() : e.key() + "." + a;
            // a few Atlassian-bundled (not user-installed) apps, one disabled app per 7
            boolean userInstalled = !"Atlassian".equals(e.vendor()) && a % 6 != 5;
            site.apps.put(key, new SimApp(key, e.name() + (a < AppCatalog.ENTRIES.size() ? "" : " " + a), e.vendor(),
                    e.vendorUrl(), (1 + r.nextInt(9)) + "." + r.nextInt(20) + "." + r.nextInt(50) + "-AC",
                    userInstalled, a % 7 != 6, e.scopes(), "557058:" + Ids.uuid(r),
                    now.minus(1 + r.nextInt(600), ChronoUnit.DAYS), site.org.users().get(0).accountId,
                    product(site, a)));
        }
    }

    /** Every third app of a two-product site is a Confluence app; a single-product site's apps are all its product's. */
    private static String product(SimSite site, int a) {
        if (site.products.size() == 1) {
            return site.products.iterator().next();
        }
        return a % 3 == 2 ? "confluence" : "jira";
    }

    private static void permissionSchemes(SimSite site, int siteIndex) {
        SimPermissionScheme def = new SimPermissionScheme(0, "Default Permission Scheme", "Default scheme for new projects");
        long id = 10_000;
        for (String p : List.of("BROWSE_PROJECTS", "CREATE_ISSUES", "EDIT_ISSUES", "ADD_COMMENTS", "ADMINISTER_PROJECTS")) {
            def.grants.add(new SimPermissionGrant(id++, p, "applicationRole", "jira-software"));
        }
        def.grants.add(new SimPermissionGrant(id++, "ADMINISTER_PROJECTS", "projectRole", "10002"));
        site.permissionSchemes.add(def);
        SimPermissionScheme support = new SimPermissionScheme(10_000, "Public support scheme", "Customer facing projects");
        support.grants.add(new SimPermissionGrant(id++, "BROWSE_PROJECTS", siteIndex == 0 ? "anyone" : "applicationRole",
                siteIndex == 0 ? null : "jira-software"));
        support.grants.add(new SimPermissionGrant(id++, "CREATE_ISSUES", siteIndex == 0 ? "anyone" : "group",
                siteIndex == 0 ? null : "jira-software-users"));
        support.grants.add(new SimPermissionGrant(id, "ADD_COMMENTS", "group", "jira-software-users"));
        site.permissionSchemes.add(support);
    }

    private void confluence(SimSite site, SplittableRandom r) {
        List<SimUser> users = site.org.users();
        String adminGroup = site.org.groups.values().iterator().next().id;
        List<SimSpace> spaces = new ArrayList<>();
        long spaceIdBase = site.nextContentId * 100L;
        for (int s = 0; s < sizes.spacesPerSite(); s++) {
            String topic = Names.pick(Names.DEPARTMENTS, r);
            String key = (topic.toUpperCase().replaceAll("[^A-Z]", "") + s).substring(0, Math.min(8, topic.length()))
                    + (s < 10 ? "" : String.valueOf(s));
            key = key.replaceAll("[^A-Z0-9]", "");
            SimSpace space = new SimSpace(spaceIdBase + s,
                    uniqueKey(site, key, s), topic + " " + Names.pick(Names.TOPICS, r), s % 10 == 9 ? "collaboration" : "global",
                    users.get(r.nextInt(users.size())).accountId, now.minus(400 + r.nextInt(600), ChronoUnit.DAYS), adminGroup);
            // space 1 of each site is readable anonymously, space 2 of the first site by unlicensed (JSM) users
            space.anonymousRead = s % 10 == 1;
            space.unlicensedRead = s == 2 && site.name.endsWith("-1");
            site.spaces.put(space.id, space);
            spaces.add(space);
        }
        int pages = sizes.pagesPerSite();
        long[] lastPageOfSpace = new long[spaces.size()];
        for (int p = 0; p < pages; p++) {
            int si = p % spaces.size();
            SimSpace space = spaces.get(si);
            Instant created = space.createdAt.plus(r.nextInt(350 * 24), ChronoUnit.HOURS);
            long parent = space.homepageId;
            SimContent page = new SimContent(site.newContentId(), ContentKind.PAGE, space.id, parent,
                    users.get(r.nextInt(users.size())).accountId, created,
                    p < spaces.size() ? space.name + " Home" : Names.pick(Names.TOPICS, r) + " " + (p + 1));
            edits(page, users, r);
            if (p >= spaces.size()) {
                page.status = p % 29 == 11 ? "archived" : p % 13 == 7 ? "trashed" : "current";
            } else {
                space.homepageId = page.id;
            }
            site.add(page);
            lastPageOfSpace[si] = page.id;
            commentsAndAttachments(site, page, users, r);
        }
        for (int b = 0; b < sizes.blogpostsPerSite(); b++) {
            SimSpace space = spaces.get(b % spaces.size());
            SimContent post = new SimContent(site.newContentId(), ContentKind.BLOGPOST, space.id, 0,
                    users.get(r.nextInt(users.size())).accountId, space.createdAt.plus(r.nextInt(300), ChronoUnit.DAYS),
                    "News: " + Names.pick(Names.TOPICS, r) + " " + (b + 1));
            edits(post, users, r);
            site.add(post);
            commentsAndAttachments(site, post, users, r);
        }
    }

    private static String uniqueKey(SimSite site, String key, int s) {
        String k = key.isEmpty() ? "SP" + s : key;
        while (true) {
            String candidate = k;
            if (site.spaces.values().stream().noneMatch(x -> x.key.equals(candidate))) {
                return k;
            }
            k = k + s;
        }
    }

    private void edits(SimContent c, List<SimUser> users, SplittableRandom r) {
        int versions = r.nextInt(4);
        Instant t = c.createdAt;
        for (int v = 0; v < versions; v++) {
            t = t.plus(1 + r.nextInt(40 * 24), ChronoUnit.HOURS);
            if (t.isAfter(now)) {
                break;
            }
            c.edit(users.get(r.nextInt(users.size())).accountId, t);
        }
    }

    private void commentsAndAttachments(SimSite site, SimContent parent, List<SimUser> users, SplittableRandom r) {
        int footer = r.nextInt(3);
        for (int i = 0; i < footer; i++) {
            SimContent c = new SimContent(site.newContentId(), ContentKind.FOOTER_COMMENT, parent.spaceId, parent.id,
                    users.get(r.nextInt(users.size())).accountId, parent.createdAt.plus(1 + r.nextInt(200), ChronoUnit.HOURS),
                    "Re: " + parent.title);
            site.add(c);
        }
        if (r.nextInt(4) == 0) {
            SimContent c = new SimContent(site.newContentId(), ContentKind.INLINE_COMMENT, parent.spaceId, parent.id,
                    users.get(r.nextInt(users.size())).accountId, parent.createdAt.plus(1 + r.nextInt(200), ChronoUnit.HOURS),
                    "Re: " + parent.title);
            c.resolutionStatus = r.nextBoolean() ? "open" : "resolved";
            site.add(c);
        }
        if (r.nextInt(3) == 0) {
            String mediaType = ATTACHMENT_TYPES.get(r.nextInt(ATTACHMENT_TYPES.size()));
            String ext = switch (mediaType) {
                case "text/csv" -> ".csv";
                case "application/json" -> ".json";
                default -> ".txt";
            };
            SimContent a = new SimContent(site.newContentId(), ContentKind.ATTACHMENT, parent.spaceId, parent.id,
                    parent.authorId, parent.createdAt.plus(1, ChronoUnit.HOURS),
                    Names.pick(Names.TOPICS, r).toLowerCase().replace(' ', '-') + "-" + parent.id + ext);
            a.mediaType = mediaType;
            a.fileId = Ids.uuid(r);
            site.add(a);
        }
    }

    /** Plants every secret detector once per site, every PII detector once, plus one more per 500 pages. */
    private void plantAll(SimSite site, SplittableRandom r) {
        List<SimContent> current = site.content.values().stream().filter(c -> "current".equals(c.status)).toList();
        if (current.isEmpty()) {
            return;
        }
        List<String> detectors = new ArrayList<>(Secrets.SECRET_DETECTORS);
        detectors.addAll(Secrets.PII_DETECTORS);
        int extra = sizes.pagesPerSite() / 500;
        for (int i = 0; i < extra; i++) {
            detectors.add(Names.pick(Secrets.SECRET_DETECTORS, r));
        }
        ContentKind[] kinds = ContentKind.values();
        for (int i = 0; i < detectors.size(); i++) {
            ContentKind wanted = kinds[i % kinds.length];
            List<SimContent> candidates = current.stream().filter(c -> c.kind == wanted).toList();
            List<SimContent> pool = candidates.isEmpty() ? current : candidates;
            SimContent target = pool.get(r.nextInt(pool.size()));
            String detector = detectors.get(i);
            plant(site, target, detector, Secrets.generate(detector, r));
        }
    }

    /**
     * Secrets and personal data that someone "removed" by editing: planted into a current page or blog post, then an
     * edit takes them out of the current version, so only the page history still has them (ground truth lists them as
     * {@code history}). Two secrets and one PII value per site.
     */
    private void plantInHistoryOnly(SimSite site, SplittableRandom r) {
        List<SimContent> pages = site.content.values().stream().filter(c -> "current".equals(c.status)
                && (c.kind == ContentKind.PAGE || c.kind == ContentKind.BLOGPOST) && c.planted.isEmpty()).toList();
        List<String> detectors = List.of(Names.pick(Secrets.SECRET_DETECTORS, r), Names.pick(Secrets.SECRET_DETECTORS, r),
                Names.pick(Secrets.PII_DETECTORS, r));
        for (int i = 0; i < detectors.size() && i < pages.size(); i++) {
            SimContent page = pages.get((int) ((long) pages.size() * i / detectors.size()) + r.nextInt(Math.max(1, pages.size() / detectors.size())));
            plant(site, page, detectors.get(i), Secrets.generate(detectors.get(i), r));
            Instant removedAt = page.modifiedAt.plus(1 + r.nextInt(48), ChronoUnit.HOURS);
            page.edit(page.lastEditorId, removedAt.isAfter(now) ? now : removedAt, page.planted::clear);
        }
    }

    /** Puts a planted string into content and records it in the org's ground truth. */
    public static Planted plant(SimSite site, SimContent target, String detector, String value) {
        String category = Secrets.PII_DETECTORS.contains(detector) ? "pii" : "secret";
        target.planted.add(value);
        Planted p = new Planted(category, detector, value, site.name, target.id, target.kind.v1Type);
        site.org.planted.add(p);
        site.modCount++;
        return p;
    }

    private void events(SimOrg org, SplittableRandom r) {
        List<SimUser> users = org.users();
        // sign-ins by any member, from the home country: benign (admin actions, tokens, apps and policy changes come
        // from AuditActivity with their actors and detections); nine entries keep the random draws unchanged
        String[] actions = {"user_login", "user_logout", "user_login", "user_login", "user_logout", "user_login",
                "user_login", "user_logout", "user_login"};
        int count = Math.max(50, users.size() / 2);
        Instant t = now.minus(30, ChronoUnit.DAYS);
        long step = 30L * 24 * 3600 * 1000 / count;
        for (int e = 0; e < count; e++) {
            t = t.plusMillis(1 + r.nextLong(step));
            SimUser actor = users.get(r.nextInt(users.size()));
            org.events.add(new SimEvent(Ids.uuid(r), t, actions[r.nextInt(actions.length)], actor.accountId, actor.name,
                    actor.email, r.nextInt(3) == 0 ? "api-token" : "container-token",
                    "203.0.113." + (1 + r.nextInt(250)), org.sites.isEmpty() ? org.id : org.sites.values().iterator().next().cloudId));
        }
    }
}
