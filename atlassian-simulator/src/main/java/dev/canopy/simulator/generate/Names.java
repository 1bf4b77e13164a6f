package dev.canopy.simulator.generate;

import java.util.List;
import java.util.SplittableRandom;

/** Word lists for names, titles and page prose. */
public final class Names {
    static final List<String> FIRST = List.of("Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken",
            "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Donald", "Sophie", "Guido", "Anita",
            "Bjarne", "Joan", "Niklaus", "Carol", "Leslie", "Mary", "James", "Priya", "Wei", "Fatima", "Diego",
            "Olga", "Kwame", "Yuki", "Aisha", "Mateo", "Ingrid", "Ravi", "Chen", "Amara", "Lars");
    static final List<String> LAST = List.of("Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie",
            "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson",
            "Knuth", "Wilson", "Rossum", "Borg", "Stroustrup", "Clarke", "Wirth", "Shaw", "Lamport", "Jackson",
            "Gosling", "Patel", "Zhang", "Haddad", "Garcia", "Ivanova", "Mensah", "Tanaka", "Okafor", "Rossi",
            "Nilsson", "Kumar", "Li", "Diallo", "Berg");
    static final List<String> DEPARTMENTS = List.of("Engineering", "Sales", "Marketing", "Finance", "Legal",
            "People", "Support", "Product", "Design", "Security", "IT");
    static final List<String> TITLES = List.of("Engineer", "Senior Engineer", "Manager", "Analyst", "Director",
            "Designer", "Specialist", "Consultant", "Administrator", "Lead");
    static final List<String> TOPICS = List.of("Onboarding", "Release", "Architecture", "Runbook", "Postmortem",
            "Roadmap", "Meeting notes", "Retrospective", "Design review", "Incident", "Budget", "Hiring plan",
            "Vendor review", "Migration", "Security review", "Q3 planning", "Launch checklist", "API guide",
            "Customer feedback", "Support playbook");
    static final List<String> WORDS = List.of("the", "team", "will", "review", "deployment", "service", "customer",
            "quarter", "pipeline", "backlog", "release", "should", "migrate", "database", "latency", "dashboard",
            "owner", "before", "after", "please", "update", "status", "metrics", "risk", "decision", "action",
            "items", "follow", "up", "with", "and", "for", "our", "new", "cluster", "access", "policy", "process",
            "documentation", "incident", "timeline", "root", "cause", "mitigation", "rollout", "feature", "flag");
    static final List<String> TIME_ZONES = List.of("Europe/Berlin", "America/New_York", "America/Los_Angeles",
            "Asia/Tokyo", "Australia/Sydney", "Europe/London", "Asia/Kolkata", "America/Sao_Paulo");

    private Names() {
    }

    public static String first(SplittableRandom r) {
        return FIRST.get(r.nextInt(FIRST.size()));
    }

    public static String last(SplittableRandom r) {
        return LAST.get(r.nextInt(LAST.size()));
    }

    public static String pick(List<String> list, SplittableRandom r) {
        return list.get(r.nextInt(list.size()));
    }

    public static String sentence(SplittableRandom r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            String w = pick(WORDS, r);
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < words ? " " : ".");
        }
        return sb.toString();
    }
}
