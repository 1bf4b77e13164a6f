package dev.canopy.connector.domain.text;

import com.fasterxml.jackson.databind.JsonNode;

/** Atlassian Document Format (JSON) to plain text: text nodes, block nodes end lines, links and mentions kept. */
public final class AdfText {
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("paragraph", "heading", "codeBlock",
            "blockquote", "listItem", "tableRow", "tableCell", "tableHeader", "panel", "rule", "hardBreak",
            "mediaSingle", "expand", "nestedExpand", "taskItem", "decisionItem");

    private AdfText() {
    }

    public static String toText(JsonNode adf) {
        StringBuilder out = new StringBuilder();
        append(adf, out);
        return StorageText.tidy(out);
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> append(n, out));
            return;
        }
        String type = node.path("type").asText("");
        boolean block = BLOCKS.contains(type);
        if (block && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        if (node.has("text")) {
            out.append(node.get("text").asText());
        }
        JsonNode attrs = node.path("attrs");
        if (type.equals("mention") || type.equals("emoji") || type.equals("status")) {
            out.append(attrs.path("text").asText(attrs.path("shortName").asText("")));
        } else if (type.equals("inlineCard") || type.equals("blockCard")) {
            out.append(' ').append(attrs.path("url").asText("")).append(' ');
        }
        for (JsonNode mark : node.path("marks")) {
            if ("link".equals(mark.path("type").asText())) {
                out.append(" (").append(mark.path("attrs").path("href").asText("")).append(')');
            }
        }
        append(node.path("content"), out);
        if (block) {
            out.append('\n');
        }
    }
}
