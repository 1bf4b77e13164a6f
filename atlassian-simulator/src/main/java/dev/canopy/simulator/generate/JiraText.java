package dev.canopy.simulator.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import dev.canopy.simulator.model.SimIssue;
import dev.canopy.simulator.model.SimJiraItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Jira text generated on demand from (seed, id, version), like Confluence bodies: descriptions, environments, comments
 * and worklog comments as Atlassian Document Format (what REST v3 returns for rich-text fields), attachments as bytes.
 * Prose never contains digit runs or addresses; planted strings are always included (multi-line ones as a code block,
 * which is where people paste config).
 */
public final class JiraText {
    /** A multi-line text custom field (v3 returns ADF) and a single-line one (a plain string). */
    public static final String NOTES_FIELD = "customfield_10050";
    public static final String BUILD_FIELD = "customfield_10051";

    private JiraText() {
    }

    public static JsonObject description(long seed, SimIssue i) {
        SplittableRandom r = new SplittableRandom(seed * 37 + i.id * 1_000_003L + i.version);
        JsonArray content = new JsonArray();
        for (int p = 0; p < 1 + r.nextInt(3); p++) {
            content.add(paragraph(Names.sentence(r, 8 + r.nextInt(16))));
        }
        return doc(content, i.planted);
    }

    /** The environment field: one issue in three has one. */
    public static JsonObject environment(long seed, SimIssue i) {
        if (i.id % 3 != 0) {
            return null;
        }
        SplittableRandom r = new SplittableRandom(seed * 41 + i.id);
        return doc(new JsonArray().add(paragraph(Names.sentence(r, 6))), List.of());
    }

    /** A text custom field's value, or null when the issue leaves it empty. */
    public static Object customField(long seed, SimIssue i, String fieldId) {
        List<String> planted = i.plantedInField.getOrDefault(fieldId, List.of());
        SplittableRandom r = new SplittableRandom(seed * 43 + i.id * 7 + fieldId.hashCode());
        if (NOTES_FIELD.equals(fieldId)) {
            if (planted.isEmpty() && i.id % 4 != 0) {
                return null;
            }
            return doc(new JsonArray().add(paragraph(Names.sentence(r, 7))), planted);
        }
        if (planted.isEmpty() && i.id % 5 != 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Names.sentence(r, 3));
        planted.forEach(p -> sb.append(' ').append(p.replace('\n', ' ')));
        return sb.toString();
    }

    public static JsonObject itemBody(long seed, SimJiraItem item) {
        SplittableRandom r = new SplittableRandom(seed * 47 + item.id * 1_000_003L + item.version);
        return doc(new JsonArray().add(paragraph(Names.sentence(r, 5 + r.nextInt(14)))), item.planted);
    }

    public static byte[] attachment(long seed, SimJiraItem a) {
        SplittableRandom r = new SplittableRandom(seed * 53 + a.id);
        StringBuilder sb = new StringBuilder();
        if ("application/json".equals(a.mimeType)) {
            JsonObject o = new JsonObject().put("component", Names.pick(Names.WORDS, r)).put("notes", Names.sentence(r, 8));
            for (int i = 0; i < a.planted.size(); i++) {
                o.put(i == 0 ? "token" : "token_" + i, a.planted.get(i));
            }
            sb.append(o.encodePrettily());
        } else {
            for (int i = 0; i < 3 + r.nextInt(6); i++) {
                sb.append(Names.sentence(r, 8 + r.nextInt(10))).append('\n');
            }
            a.planted.forEach(p -> sb.append(p).append('\n'));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject doc(JsonArray content, List<String> planted) {
        for (String p : planted) {
            if (p.contains("\n")) {
                content.add(new JsonObject().put("type", "codeBlock").put("attrs", new JsonObject())
                        .put("content", new JsonArray().add(text(p))));
            } else {
                content.add(new JsonObject().put("type", "paragraph").put("content", new JsonArray()
                        .add(text("For reference: ")).add(text(p).put("marks", new JsonArray()
                                .add(new JsonObject().put("type", "code"))))));
            }
        }
        return new JsonObject().put("type", "doc").put("version", 1).put("content", content);
    }

    private static JsonObject paragraph(String s) {
        return new JsonObject().put("type", "paragraph").put("content", new JsonArray().add(text(s)));
    }

    private static JsonObject text(String s) {
        return new JsonObject().put("type", "text").put("text", s);
    }
}
