package dev.canopy.connector.domain.text;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;

/**
 * Confluence storage format (XHTML with {@code ac:}/{@code ri:} macros) to plain text. Block elements end lines;
 * macro parameters and CDATA bodies (code blocks, where secrets like to hide) are kept as text.
 */
public final class StorageText {
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "div", "br", "li", "tr", "h1", "h2",
            "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "hr", "ac:structured-macro",
            "ac:plain-text-body", "ac:rich-text-body", "ac:parameter", "ac:task", "td", "th");

    private StorageText() {
    }

    public static String toText(String storage) {
        if (storage == null || storage.isEmpty()) {
            return "";
        }
        Document doc = Jsoup.parse("<root>" + storage + "</root>", "", Parser.xmlParser());
        StringBuilder out = new StringBuilder(storage.length());
        append(doc, out);
        return tidy(out);
    }

    private static void append(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                out.append(t.getWholeText());
            } else if (child instanceof org.jsoup.nodes.CDataNode c) {
                out.append(c.getWholeText());
            } else if (child instanceof Element e) {
                String tag = e.tagName().toLowerCase(java.util.Locale.ROOT);
                boolean block = BLOCKS.contains(tag);
                if (block) {
                    newline(out);
                }
                if (tag.equals("td") || tag.equals("th")) {
                    out.append(' ');
                }
                if (tag.equals("a") && e.hasAttr("href")) {
                    append(e, out);
                    out.append(" (").append(e.attr("href")).append(')');
                    continue;
                }
                if (tag.equals("ri:url") && e.hasAttr("ri:value")) {
                    out.append(' ').append(e.attr("ri:value")).append(' ');
                }
                append(e, out);
                if (block) {
                    newline(out);
                }
            }
        }
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    /** Collapses runs of blank lines and trailing spaces, keeping line structure. */
    static String tidy(CharSequence s) {
        return s.toString().replace("\r\n", "\n").replaceAll("[ \\t\\x0B\\f]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n").strip();
    }
}
