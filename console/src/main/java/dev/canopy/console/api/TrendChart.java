package dev.canopy.console.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stacked bar chart (one bar per day, stacked by one dimension of the findings service's trend) as geometry for an
 * inline SVG in the template: no script and no chart library; every value reaches the page through Qute's escaping.
 */
public record TrendChart(String title, int width, int height, List<Bar> bars, List<Label> labels, List<Legend> legend,
        long max, long total, List<Row> table) {
    static final int WIDTH = 560;
    static final int HEIGHT = 180;
    static final int PLOT_TOP = 10;
    static final int PLOT_BOTTOM = 150;
    static final int LEFT = 36;

    /** One stacked segment: {@code cls} names the series (CSS colour), {@code tip} is its tooltip. */
    public record Bar(int x, int y, int w, int h, String cls, String tip) {
    }

    public record Label(int x, int y, String text) {
    }

    public record Legend(String name, String cls, long count) {
    }

    /** The same numbers as a table for screen readers (and anyone who prefers numbers). */
    public record Row(String day, List<Long> counts, long total) {
    }

    /**
     * @param trend  the findings service's {@code /api/v1/findings/trend} answer ({@code from}, {@code days}, buckets)
     * @param series the dimension's values in stacking order (bottom first), e.g. severities from critical
     */
    static TrendChart of(String title, JsonNode trend, String dimension, List<String> series) {
        int days = Math.max(1, Math.min(90, trend.path("days").asInt(14)));
        LocalDate from = LocalDate.parse(trend.path("from").asText(LocalDate.now().minusDays(days - 1L).toString()));
        Map<String, Map<String, Long>> perDay = new LinkedHashMap<>();
        for (int d = 0; d < days; d++) {
            perDay.put(from.plusDays(d).toString(), new LinkedHashMap<>());
        }
        for (JsonNode b : trend.path("buckets")) {
            Map<String, Long> day = perDay.get(b.path("day").asText());
            String key = b.path(dimension).asText();
            if (day != null && series.contains(key)) {
                day.merge(key, b.path("count").asLong(), Long::sum);
            }
        }
        long max = perDay.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                .max().orElse(0);
        long scale = Math.max(1, max);
        int slot = (WIDTH - LEFT - 4) / days;
        int barWidth = Math.max(2, slot - Math.max(1, slot / 4));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Row> table = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        int i = 0;
        int labelEvery = Math.max(1, days / 7);
        for (Map.Entry<String, Map<String, Long>> day : perDay.entrySet()) {
            int x = LEFT + i * slot;
            int base = PLOT_BOTTOM;
            List<Long> counts = new ArrayList<>();
            for (String name : series) {
                long n = day.getValue().getOrDefault(name, 0L);
                counts.add(n);
                totals.merge(name, n, Long::sum);
                if (n > 0) {
                    int h = (int) Math.max(1, Math.round((double) n * (PLOT_BOTTOM - PLOT_TOP) / scale));
                    base -= h;
                    bars.add(new Bar(x, base, barWidth, h, "c-" + name, day.getKey() + ": " + n + " " + name));
                }
            }
            if (i % labelEvery == 0 || i == days - 1) {
                labels.add(new Label(x + barWidth / 2, PLOT_BOTTOM + 16, day.getKey().substring(5)));
            }
            table.add(new Row(day.getKey(), counts, counts.stream().mapToLong(Long::longValue).sum()));
            i++;
        }
        List<Legend> legend = series.stream().map(n -> new Legend(n, "c-" + n, totals.getOrDefault(n, 0L))).toList();
        return new TrendChart(title, WIDTH, HEIGHT, bars, labels, legend, max,
                totals.values().stream().mapToLong(Long::longValue).sum(), table);
    }
}
