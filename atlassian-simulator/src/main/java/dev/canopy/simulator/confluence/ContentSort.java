package dev.canopy.simulator.confluence;

import java.util.Comparator;

import dev.canopy.simulator.model.SimContent;

/**
 * A v2 {@code sort} value ({@code id}, {@code created-date}, {@code modified-date}, {@code title}, optional {@code -}).
 * Each item has a sort key (text, number, id); cursors carry the key of the last item served, so inserts and edits
 * never shift a page boundary.
 */
record ContentSort(String field, boolean desc) {

    record Key(String text, long num, long id) {
    }

    static ContentSort parse(String value, String def) {
        String v = value == null || value.isBlank() ? def : value.trim();
        boolean desc = v.startsWith("-");
        String f = desc ? v.substring(1) : v;
        return switch (f) {
            case "id", "created-date", "modified-date", "title" -> new ContentSort(f, desc);
            default -> null;
        };
    }

    Key keyOf(SimContent c) {
        return switch (field) {
            case "created-date" -> new Key("", c.createdAt.toEpochMilli(), c.id);
            case "modified-date" -> new Key("", c.modifiedAt.toEpochMilli(), c.id);
            case "title" -> new Key(c.title, 0, c.id);
            default -> new Key("", 0, c.id);
        };
    }

    int compare(Key a, Key b) {
        int c = a.text().compareTo(b.text());
        if (c == 0) {
            c = Long.compare(a.num(), b.num());
        }
        if (c == 0) {
            c = Long.compare(a.id(), b.id());
        }
        return desc ? -c : c;
    }

    Comparator<SimContent> comparator() {
        return (x, y) -> compare(keyOf(x), keyOf(y));
    }

    String cursorPayload(SimContent last) {
        Key k = keyOf(last);
        return "k:" + k.num() + ":" + k.id() + ":" + k.text();
    }

    static Key parseCursor(String payload) {
        if (payload == null || !payload.startsWith("k:")) {
            return null;
        }
        String[] p = payload.split(":", 4);
        try {
            return new Key(p.length > 3 ? p[3] : "", Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
