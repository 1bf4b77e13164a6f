package dev.canopy.dlp.eval;

import dev.canopy.dlp.Match;
import dev.canopy.dlp.ScanEngine;
import dev.canopy.dlp.eval.EvalCorpus.Kind;
import dev.canopy.dlp.eval.EvalCorpus.Label;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores an engine on an {@link EvalCorpus}: per planted type the share found (a match of that type overlapping the
 * planted span), per look-alike class the share flagged (any match overlapping it), and false alerts on ordinary
 * text (matches overlapping no label) per MiB of ordinary text. Matches of another type on a planted item are
 * counted separately ({@code otherHitsOnPlanted}).
 */
public final class EvalScorer {
    /** hits / total of one row. */
    public static final class Tally {
        public int hits;
        public int total;
        final List<String> examples = new ArrayList<>();

        public double share() {
            return total == 0 ? 0 : (double) hits / total;
        }

        void example(String s) {
            if (examples.size() < 4) {
                examples.add(s);
            }
        }
    }

    public record Report(Map<String, Tally> recallByType, Map<String, Tally> flaggedByClass, int falseAlerts,
            double ordinaryMiB, int otherHitsOnPlanted, List<String> falseAlertExamples, long scanNanos, int chars) {
        public double falseAlertsPerMiB() {
            return falseAlerts / ordinaryMiB;
        }

        public double lookalikesFlaggedShare() {
            int h = flaggedByClass.values().stream().mapToInt(t -> t.hits).sum();
            int t = flaggedByClass.values().stream().mapToInt(x -> x.total).sum();
            return t == 0 ? 0 : (double) h / t;
        }

        public void print(String title) {
            System.out.println(title);
            System.out.printf("  %d chars (%.2f MiB ordinary text), scanned in %d ms%n", chars, ordinaryMiB,
                    scanNanos / 1_000_000);
            System.out.printf("  %-28s %7s %7s %8s%n", "planted type", "found", "total", "recall");
            recallByType.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                System.out.printf("  %-28s %7d %7d %8.3f%n", e.getKey(), e.getValue().hits, e.getValue().total,
                        e.getValue().share());
                e.getValue().examples.forEach(x -> System.out.println("      missed: " + x));
            });
            System.out.printf("  %-28s %7s %7s %8s%n", "look-alike class", "flagged", "total", "share");
            flaggedByClass.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                System.out.printf("  %-28s %7d %7d %8.3f%n", e.getKey(), e.getValue().hits, e.getValue().total,
                        e.getValue().share());
                e.getValue().examples.forEach(x -> System.out.println("      flagged: " + x));
            });
            System.out.printf("  look-alikes flagged: %.4f; false alerts on ordinary text: %d (%.2f per MiB); "
                    + "other-type hits on planted items: %d%n", lookalikesFlaggedShare(), falseAlerts,
                    falseAlertsPerMiB(), otherHitsOnPlanted);
            falseAlertExamples.forEach(x -> System.out.println("      false alert: " + x));
        }
    }

    private EvalScorer() {
    }

    public static Report score(ScanEngine engine, EvalCorpus.Corpus corpus) {
        String text = corpus.text();
        long t0 = System.nanoTime();
        List<Match> matches = engine.scan(text);
        long nanos = System.nanoTime() - t0;
        TreeMap<Integer, Label> byStart = new TreeMap<>();
        Map<String, Tally> recall = new LinkedHashMap<>();
        Map<String, Tally> flagged = new LinkedHashMap<>();
        long labelled = 0;
        for (Label l : corpus.labels()) {
            byStart.put(l.start(), l);
            labelled += l.end() - l.start();
            (l.kind() == Kind.PLANTED ? recall : flagged).computeIfAbsent(l.type(), k -> new Tally()).total++;
        }
        java.util.Set<Label> found = new java.util.HashSet<>();
        java.util.Set<Label> hitLookalikes = new java.util.HashSet<>();
        int falseAlerts = 0;
        int other = 0;
        List<String> falseExamples = new ArrayList<>();
        for (Match m : matches) {
            List<Label> overlapping = new ArrayList<>();
            Map.Entry<Integer, Label> e = byStart.floorEntry(m.start());
            if (e != null && e.getValue().end() > m.start()) {
                overlapping.add(e.getValue());
            }
            for (Label l : byStart.subMap(m.start(), false, m.end(), false).values()) {
                overlapping.add(l);
            }
            Label planted = overlapping.stream().filter(l -> l.kind() == Kind.PLANTED && l.type().equals(m.type()))
                    .findFirst().orElse(null);
            if (planted != null) {
                found.add(planted);
                continue;
            }
            List<Label> look = overlapping.stream().filter(l -> l.kind() == Kind.LOOKALIKE).toList();
            if (!look.isEmpty()) {
                for (Label l : look) {
                    if (hitLookalikes.add(l)) {
                        flagged.get(l.type()).example(m.detectorId() + " " + m.type() + " on '"
                                + text.substring(l.start(), l.end()) + "' in: " + around(text, m.start(), m.end()));
                    }
                }
                continue;
            }
            if (!overlapping.isEmpty()) {
                other++;
                continue;
            }
            falseAlerts++;
            if (falseExamples.size() < 12) {
                falseExamples.add(m.detectorId() + " " + m.type() + " conf " + m.confidence() + " on '"
                        + text.substring(m.start(), m.end()).replace('\n', ' ') + "' in: " + around(text, m.start(), m.end()));
            }
        }
        for (Label l : corpus.labels()) {
            if (l.kind() == Kind.PLANTED) {
                Tally t = recall.get(l.type());
                if (found.contains(l)) {
                    t.hits++;
                } else {
                    t.example(l.generator() + ": " + around(text, l.start(), l.end()));
                }
            } else if (hitLookalikes.contains(l)) {
                flagged.get(l.type()).hits++;
            }
        }
        double ordinaryMiB = (text.length() - labelled) / (1024.0 * 1024.0);
        return new Report(recall, flagged, falseAlerts, ordinaryMiB, other, falseExamples, nanos, text.length());
    }

    private static String around(String text, int start, int end) {
        int s = Math.max(0, start - 50);
        int e = Math.min(text.length(), Math.max(end, start + 60) + 30);
        return text.substring(s, Math.min(e, s + 220)).replace('\n', '⏎');
    }
}
