package dev.canopy.dlp.builtin;

import dev.canopy.dlp.LinearPattern;

/**
 * Credential tables as wiki pages hold them — a label cell next to its value cell ({@link #valueCellFollows}, the
 * generic assignment's precheck), or a header cell that names the column ("Password", "API token") and the rows
 * below give one value each ({@code <tr><th>System</th><th>User</th><th>Password</th></tr><tr><td>…</td>…}). The
 * keyword hit is in the header cell; the values are the cells of that column in the rows that follow, up to the end
 * of the table. Storage-format markup only: {@code <th>}/{@code <td>} cells, optionally with attributes and inline
 * elements ({@code <p>}, {@code <strong>}, {@code <code>}, {@code <span>}) around the text.
 */
final class TableColumn {
    private TableColumn() {
    }

    /** How far a header cell's start is looked for before the keyword. */
    private static final int HEADER_BEFORE = 80;
    /** How far after the keyword its label may go on before a tag ("Password (prod)"). */
    private static final int LABEL_AFTER = 20;
    /** How far the header cell's end is looked for after the keyword. */
    private static final int HEADER_AFTER = 40;
    /** Rows read below a header. */
    private static final int MAX_ROWS = 50;
    /** Cells per row read (a column further right is not looked for). */
    private static final int MAX_COLUMNS = 16;

    /**
     * Precheck: the keyword at {@code hit} is in a header cell — a {@code <th} opens before it with only text and
     * opening inline tags between, and {@code </th>} closes it within {@link #HEADER_AFTER} chars with only text and
     * closing inline tags between.
     */
    static boolean inHeaderCell(String text, int hit) {
        // forward first, a few chars: a header's label ends right after its keyword ("Password</th>", "API
        // token</strong></p></th>"); prose goes on with words ("password policy and …"), and most hits are prose
        int close = -1;
        boolean tag = false;
        for (int i = hit, end = Math.min(text.length() - 4, hit + HEADER_AFTER); i < end; i++) {
            if (text.charAt(i) == '<') {
                if (text.charAt(i + 1) != '/') {
                    return false;
                }
                if (text.startsWith("</th>", i)) {
                    close = i;
                    break;
                }
                tag = true;
            } else if (!tag && i - hit >= LABEL_AFTER) {
                return false; // no tag yet this far after the keyword: not a label
            }
        }
        if (close < 0) {
            return false;
        }
        int open = lastIndexOf(text, "<th", hit, HEADER_BEFORE);
        if (open < 0 || !cellStart(text, open)) {
            return false;
        }
        for (int i = open + 3; i < hit; i++) {
            if (text.charAt(i) == '<' && i + 1 < hit && text.charAt(i + 1) == '/') {
                return false; // a cell or element closed between: the keyword is not in this cell
            }
        }
        return true;
    }

    /**
     * At the '<' after a name (a label cell's "Password"): the name's cell ends ({@code </td>} or {@code </th>}, after
     * at most closing inline tags such as {@code </strong></p>}) and a {@code <td>} cell follows.
     */
    static boolean valueCellFollows(String text, int i) {
        int n = text.length();
        int j = i;
        while (j + 4 < n && j - i <= 30 && text.charAt(j) == '<' && text.charAt(j + 1) == '/') {
            if (text.charAt(j + 2) == 't' && (text.charAt(j + 3) == 'd' || text.charAt(j + 3) == 'h') && text.charAt(j + 4) == '>') {
                int k = j + 5;
                while (k < n && k - j < 10 && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                return text.startsWith("<td", k);
            }
            int close = indexOf(text, ">", j, j + 10); // a closing inline tag: "</strong>" is the longest
            if (close < 0) {
                return false;
            }
            j = close + 1;
        }
        return false;
    }

    /** The values of the column whose header holds the keyword at {@code from}, in the rows before {@code to}. */
    static void values(String text, int from, int to, LinearPattern.Sink sink) {
        int open = lastIndexOf(text, "<th", from, HEADER_BEFORE);
        int row = open < 0 ? -1 : lastIndexOf(text, "<tr", open, 4096);
        if (row < 0) {
            return;
        }
        int column = 0;
        for (int i = row + 3; i < open; i++) {
            if (text.charAt(i) == '<' && (text.startsWith("<th", i) || text.startsWith("<td", i)) && cellStart(text, i)) {
                column++;
            }
        }
        if (column >= MAX_COLUMNS) {
            return;
        }
        // the column ends with its table, at another table or at the next header row: every header reads only the
        // rows up to the next one (a page of many "Password" headers costs no more than its length times the
        // columns per row)
        int tableEnd = indexOf(text, "</table>", from, to);
        int end = tableEnd < 0 ? to : tableEnd;
        int nextTable = indexOf(text, "<table", from, end);
        end = nextTable < 0 ? end : nextTable;
        int pos = indexOf(text, "</tr>", from, end);
        for (int rows = 0; pos >= 0 && rows < MAX_ROWS; rows++) {
            int tr = indexOf(text, "<tr", pos, end);
            int rowEnd = tr < 0 ? -1 : indexOf(text, "</tr>", tr, end);
            if (rowEnd < 0 || indexOf(text, "<th", tr, rowEnd) >= 0) {
                return;
            }
            cell(text, tr, rowEnd, column, sink);
            pos = rowEnd;
        }
    }

    /** The value of the {@code column}-th cell of the row {@code [tr, rowEnd)}: one token of text, or nothing. */
    private static void cell(String text, int tr, int rowEnd, int column, LinearPattern.Sink sink) {
        int k = -1;
        int i = tr + 3;
        for (; i < rowEnd; i++) {
            if (text.charAt(i) == '<' && (text.startsWith("<td", i) || text.startsWith("<th", i)) && cellStart(text, i)) {
                if (++k == column) {
                    break;
                }
            }
        }
        if (k != column) {
            return;
        }
        int s = indexOf(text, ">", i, rowEnd);
        if (s < 0) {
            return;
        }
        s++;
        // opening inline elements around the text: <p>, <strong>, <code class="…">, <span style="…">
        while (s + 1 < rowEnd && text.charAt(s) == '<' && text.charAt(s + 1) != '/') {
            int gt = indexOf(text, ">", s, Math.min(rowEnd, s + 80));
            if (gt < 0) {
                return;
            }
            s = gt + 1;
        }
        while (s < rowEnd && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        int e = s;
        while (e < rowEnd && text.charAt(e) != '<' && !Character.isWhitespace(text.charAt(e))) {
            e++;
        }
        int after = e;
        while (after < rowEnd && Character.isWhitespace(text.charAt(after))) {
            after++;
        }
        // one token, the cell's whole text: "Ask the on-call" or "see Vault" is no value
        if (e - s >= 8 && e - s <= 200 && after < rowEnd && text.startsWith("</", after)) {
            sink.found(s, e, s, e);
        }
    }

    /** {@code s} starting in {@code [from, to)}, or -1: a search that never reads past {@code to}. */
    private static int indexOf(String text, String s, int from, int to) {
        char first = s.charAt(0);
        for (int i = from, last = Math.min(to, text.length()) - s.length(); i <= last; i++) {
            if (text.charAt(i) == first && text.startsWith(s, i)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} starting at most {@code within} chars before {@code at}, or -1 (a bounded backward search). */
    private static int lastIndexOf(String text, String s, int at, int within) {
        char first = s.charAt(0);
        for (int i = Math.min(at, text.length() - s.length()); i >= 0 && at - i <= within; i--) {
            if (text.charAt(i) == first && text.startsWith(s, i)) {
                return i;
            }
        }
        return -1;
    }

    /** A cell tag at {@code i} ({@code <td>}, {@code <th class="…">}), not {@code <thead>} or {@code <tdx>}. */
    private static boolean cellStart(String text, int i) {
        char c = i + 3 < text.length() ? text.charAt(i + 3) : 0;
        return c == '>' || c == ' ' || c == '\t' || c == '\n';
    }
}
