package dev.canopy.dlp.builtin;

import dev.canopy.dlp.TokenRecognizer.Found;
import dev.canopy.dlp.validate.Checks;

/** Email addresses around an '@' (fed by the engine's '@' trigger): personal addresses and role mailboxes. */
final class EmailRecognizer {
    private EmailRecognizer() {
    }

    private static boolean localChar(char c) {
        return Checks.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean domainChar(char c) {
        return Checks.isAsciiAlnum(c) || c == '.' || c == '-';
    }

    static Found email(String text, int at, int atEnd) {
        int s = at;
        while (s > 0 && at - s < 64 && localChar(text.charAt(s - 1))) {
            s--;
        }
        while (s < at && text.charAt(s) == '.') {
            s++;
        }
        if (s == at || text.charAt(at - 1) == '.') {
            return null;
        }
        if (s > 0 && (text.charAt(s - 1) == ':' || text.charAt(s - 1) == '/')) {
            return null; // user:pass@host or a path: not an address
        }
        int e = at + 1;
        int n = text.length();
        while (e < n && e - at < 254 && domainChar(text.charAt(e))) {
            e++;
        }
        while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
            e--;
        }
        // bounded to the domain: an unbounded lastIndexOf/indexOf made every '@' cost O(text length)
        int lastDot = e - 1;
        while (lastDot > at && text.charAt(lastDot) != '.') {
            lastDot--;
        }
        if (lastDot <= at + 1) {
            return null;
        }
        int tld = e - lastDot - 1;
        if (tld < 2 || tld > 24) {
            return null;
        }
        for (int i = lastDot + 1; i < e; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return null;
            }
        }
        for (int i = at + 1; i < lastDot; i++) {
            if (text.charAt(i) == '.' && text.charAt(i + 1) == '.') {
                return null;
            }
        }
        if (e + 1 < n && text.charAt(e) == ':' && isPathStart(text.charAt(e + 1))) {
            return null; // git@github.com:org/repo.git, scp's user@host:/path: a remote, not an address
        }
        if (afterRemoteShellCommand(text, s)) {
            return null; // ssh -p 2222 deploy@host: a login on a machine
        }
        return new Found(s, e, 0.85);
    }

    private static boolean isPathStart(char c) {
        return Checks.isAsciiAlnum(c) || c == '/' || c == '~' || c == '.';
    }

    private static final java.util.Set<String> REMOTE_SHELL_COMMANDS = java.util.Set.of("ssh", "scp", "sftp", "rsync",
            "mosh", "autossh", "ssh-copy-id");

    /** Where a token of a command line ends: a blank, the end of its line, an HTML tag, a pipe or a command list. */
    private static final String TOKEN_ENDS = " \t\n>|;&";

    /**
     * True when, on the same line, the token {@code start} begins is an argument of a remote-shell command: the
     * command, then only options, their values and paths ({@code ssh -i ~/.ssh/key -p 2222 user@host}); an English
     * word in between ("ssh into the box and mail …") ends it. Runs only at candidate addresses.
     */
    static boolean afterRemoteShellCommand(String text, int start) {
        int i = start - 1;
        int stop = Math.max(0, start - 160);
        boolean optionNeeded = false; // the token to the right was a plain word: only an option's value may be one
        for (int tokens = 0; tokens < 8; tokens++) {
            while (i >= stop && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i--;
            }
            if (i < stop || TOKEN_ENDS.indexOf(text.charAt(i)) >= 0) {
                return false; // the line or the command started before any remote-shell command
            }
            int end = i + 1;
            while (i >= stop && TOKEN_ENDS.indexOf(text.charAt(i)) < 0) {
                i--;
            }
            String token = text.substring(i + 1, end);
            boolean option = token.charAt(0) == '-';
            if (optionNeeded && !option) {
                return false;
            }
            if (REMOTE_SHELL_COMMANDS.contains(token)) {
                return true;
            }
            // scanning right to left: a path or number is an argument; a plain word must be the value of an option
            optionNeeded = !option && token.chars().noneMatch(c -> "/.~:0123456789'\"=".indexOf(c) >= 0);
        }
        return false;
    }

    /** Local-part words of role and distribution mailboxes (RFC 2142 and common team addresses). */
    private static final java.util.Set<String> ROLE_WORDS = java.util.Set.of("admin", "administrator", "root",
            "noreply", "donotreply", "support", "help", "helpdesk", "info", "contact", "sales", "billing", "security",
            "abuse", "postmaster", "hostmaster", "webmaster", "alerts", "alert", "notifications", "notification",
            "ops", "devops", "sre", "oncall", "team", "jobs", "careers", "press", "marketing", "legal", "privacy",
            "accounts", "finance", "service", "system", "mailer", "daemon", "noc", "it", "office", "reception");

    private static final java.util.Set<String> TEAM_SUFFIXES = java.util.Set.of("team", "oncall", "alerts", "support",
            "notifications", "helpdesk", "admins", "ops");

    /** True when the local part (before '@', any +tag dropped) names a role or a team rather than a person. */
    static boolean isRoleMailbox(String text, int start, int at) {
        String local = text.substring(start, at).toLowerCase(java.util.Locale.ROOT);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        String joined = local.replace("-", "").replace("_", "").replace(".", "");
        if (joined.equals("noreply") || joined.equals("donotreply") || joined.equals("mailerdaemon")) {
            return true;
        }
        // every part a role word ("sre-team", "it-helpdesk", "admin"), or a team suffix ("platform-oncall")
        String[] parts = local.split("[-_.]");
        boolean allRole = true;
        for (String part : parts) {
            allRole &= ROLE_WORDS.contains(part);
        }
        return allRole || (local.indexOf('-') > 0 && TEAM_SUFFIXES.contains(parts[parts.length - 1]));
    }

    static Found personalEmail(String text, int at, int atEnd) {
        Found f = email(text, at, atEnd);
        return f == null || isRoleMailbox(text, f.start(), at) ? null : f;
    }

    static Found roleMailbox(String text, int at, int atEnd) {
        Found f = email(text, at, atEnd);
        return f != null && isRoleMailbox(text, f.start(), at) ? new Found(f.start(), f.end(), 0.5) : null;
    }
}
