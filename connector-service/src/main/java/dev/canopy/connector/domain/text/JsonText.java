package dev.canopy.connector.domain.text;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON documents as text: one {@code path: value} line per scalar with string values unescaped, so a value stored as
 * {@code "-----BEGIN ...\nMII..."} reads exactly as written (raw JSON text would show {@code \n} and {@code \"}).
 */
final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    /** The text of a JSON document, or null when the bytes are not JSON. */
    static String toText(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (root == null || root.isMissingNode()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        append(out, "", root);
        return out.toString();
    }

    private static void append(StringBuilder out, String path, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                append(out, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                append(out, path + "[" + i + "]", node.get(i));
            }
        } else if (!node.isNull()) {
            out.append(path.isEmpty() ? "" : path + ": ").append(node.asText()).append('\n');
        }
    }
}
