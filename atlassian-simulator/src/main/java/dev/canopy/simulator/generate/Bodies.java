package dev.canopy.simulator.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import dev.canopy.simulator.model.ContentKind;
import dev.canopy.simulator.model.SimContent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Bodies generated on demand from (seed, content id, version), so seeding 100k pages costs nothing until they are
 * read. Planted strings are always included. Prose never contains digit runs or addresses, so the only secrets and
 * personal data in a body are the planted ones.
 */
public final class Bodies {
    private Bodies() {
    }

    public static String storage(long seed, SimContent c) {
        if (c.explicitBody != null) {
            return withPlanted(c.explicitBody, c);
        }
        SplittableRandom r = new SplittableRandom(seed * 31 + c.id * 1_000_003L + c.version);
        StringBuilder sb = new StringBuilder();
        if (c.kind.isComment()) {
            sb.append("<p>").append(Names.sentence(r, 6 + r.nextInt(12))).append("</p>");
        } else {
            sb.append("<h1>").append(escape(c.title)).append("</h1>");
            int paragraphs = 2 + r.nextInt(5);
            for (int i = 0; i < paragraphs; i++) {
                sb.append("<p>").append(Names.sentence(r, 8 + r.nextInt(20))).append(' ')
                        .append(Names.sentence(r, 5 + r.nextInt(10))).append("</p>");
            }
            if (r.nextInt(3) == 0) {
                sb.append("<ul><li>").append(Names.sentence(r, 5)).append("</li><li>").append(Names.sentence(r, 7))
                        .append("</li></ul>");
            }
            if (r.nextInt(4) == 0) {
                sb.append("<ac:structured-macro ac:name=\"info\" ac:schema-version=\"1\"><ac:rich-text-body><p>")
                        .append(Names.sentence(r, 9)).append("</p></ac:rich-text-body></ac:structured-macro>");
            }
        }
        return withPlanted(sb.toString(), c);
    }

    private static String withPlanted(String body, SimContent c) {
        if (c.planted.isEmpty()) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body);
        for (String p : c.planted) {
            if (p.contains("\n")) {
                sb.append("<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\"><ac:plain-text-body><![CDATA[")
                        .append(p).append("]]></ac:plain-text-body></ac:structured-macro>");
            } else {
                sb.append("<p>For reference: <code>").append(escape(p)).append("</code></p>");
            }
        }
        return sb.toString();
    }

    /** The same prose as an ADF document (paragraphs only), serialized as Confluence returns it: a JSON string. */
    public static String atlasDoc(long seed, SimContent c) {
        String storage = storage(seed, c);
        JsonArray content = new JsonArray();
        for (String block : storage.split("</p>|</h1>|</li>|]]>")) {
            String text = block.replaceAll("<!\\[CDATA\\[", "").replaceAll("<[^>]+>", "").trim();
            if (!text.isEmpty()) {
                content.add(new JsonObject().put("type", "paragraph").put("content",
                        new JsonArray().add(new JsonObject().put("type", "text").put("text", unescape(text)))));
            }
        }
        return new JsonObject().put("type", "doc").put("version", 1).put("content", content).encode();
    }

    /** Attachment bytes for the attachment's media type, planted strings included. */
    public static byte[] attachment(long seed, SimContent c) {
        SplittableRandom r = new SplittableRandom(seed * 17 + c.id);
        StringBuilder sb = new StringBuilder();
        switch (c.mediaType) {
            case "text/csv" -> {
                sb.append("name,department,title,notes\n");
                for (int i = 0; i < 5 + r.nextInt(20); i++) {
                    sb.append(Names.first(r)).append(' ').append(Names.last(r)).append(',')
                            .append(Names.pick(Names.DEPARTMENTS, r)).append(',').append(Names.pick(Names.TITLES, r))
                            .append(',').append(Names.sentence(r, 4)).append('\n');
                }
                c.planted.forEach(p -> sb.append("secret,,,\"").append(p.replace("\"", "\"\"")).append("\"\n"));
            }
            case "application/json" -> {
                JsonObject o = new JsonObject().put("service", Names.pick(Names.WORDS, r)).put("owner", Names.first(r))
                        .put("notes", Names.sentence(r, 8));
                for (int i = 0; i < c.planted.size(); i++) {
                    o.put(i == 0 ? "credential" : "credential_" + i, c.planted.get(i));
                }
                sb.append(o.encodePrettily());
            }
            default -> {
                for (int i = 0; i < 3 + r.nextInt(8); i++) {
                    sb.append(Names.sentence(r, 10 + r.nextInt(10))).append('\n');
                }
                c.planted.forEach(p -> sb.append(p).append('\n'));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
