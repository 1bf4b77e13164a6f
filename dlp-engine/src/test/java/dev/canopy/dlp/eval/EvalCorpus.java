package dev.canopy.dlp.eval;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.DetectorCatalog;
import dev.canopy.dlp.Samples;
import dev.canopy.dlp.bench.ConfluenceCorpus;
import dev.canopy.dlp.validate.Checks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A labelled evaluation corpus: Confluence storage-format (XHTML) pages with prose, tables, code macros (CDATA) holding
 * YAML / Kubernetes / Compose / JSON / .env / .properties snippets and logs, UUID-heavy runbooks, and — labelled with
 * offsets — planted secrets of every built-in secret type and personal data ({@link Kind#PLANTED}, with the type a
 * detector should report) and things that only look like them ({@link Kind#LOOKALIKE}, with their class: UUIDs, hex
 * hashes, build/order numbers, timestamps, versions, number cells, documented example credentials, placeholders,
 * references, word-pair values, test-mode keys, private addresses, role mailboxes). Everything outside a label is
 * ordinary text. Deterministic for a seed; value generators are random (no fixed strings except documented example
 * credentials, which are the point of that class).
 */
public final class EvalCorpus {
    public enum Kind { PLANTED, LOOKALIKE }

    /** {@code type}: the detector type expected (PLANTED) or the look-alike class (LOOKALIKE). */
    public record Label(Kind kind, String type, String generator, int start, int end) {
    }

    public record Corpus(String text, List<Label> labels) {
        public long count(Kind k) {
            return labels.stream().filter(l -> l.kind() == k).count();
        }
    }

    static final String UP = Samples.UP;
    static final String LO = Samples.LO;
    static final String DI = Samples.DI;
    static final String HEX = Samples.HEX;
    static final String AN = Samples.AN;
    static final String B64 = Samples.B64;

    /** The benchmark corpus's vocabulary plus words that are context cues of PII detectors. */
    private static final String[] WORDS = java.util.stream.Stream.concat(java.util.Arrays.stream(ConfluenceCorpus.WORDS),
            java.util.stream.Stream.of("office", "call", "phone", "contact", "address", "number", "order", "invoice",
                    "account", "card", "bank", "transfer", "identity")).toArray(String[]::new);
    private static final String[] FIRST = {"alice", "bob", "carla", "dev", "emma", "farid", "grace", "hugo", "ines",
        "jonas", "keiko", "liam", "maya", "nils", "olga", "priya", "quentin", "rosa", "sven", "tara", "umar", "vera"};
    private static final String[] LAST = {"martin", "chen", "diaz", "patel", "novak", "haddad", "kim", "laurent",
        "okafor", "schmidt", "rossi", "tanaka", "silva", "nguyen", "kowalski", "berg", "murphy", "costa"};
    private static final String[] DOMAINS = {"acme.io", "globex.com", "initech.net", "umbrella.co.uk", "hooli.de",
        "stark-industries.com", "wayne.org", "gmail.com", "outlook.com", "proton.me"};
    private static final String[] ROLE_MAILBOXES = {"sre-team", "noreply", "no-reply", "admin", "support", "security",
        "it-helpdesk", "devops", "platform-oncall", "alerts", "billing", "postmaster", "info", "do-not-reply",
        "ops-team", "notifications"};
    private static final String[] PHONE_REGIONS = {"US", "GB", "DE", "FR", "IN", "AU", "BR", "IT", "ES", "NL", "SE",
        "CH", "CA", "IE", "PL", "JP", "DK", "NO", "AT", "BE"};
    /** Documented example credentials (vendor documentation, allowlisted by gitleaks and similar tools). */
    private static final String[] DOCUMENTED_EXAMPLES = {"AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "ASIAIOSFODNN7EXAMPLE"};

    private final Random r;
    private final StringBuilder sb = new StringBuilder();
    private final List<Label> labels = new ArrayList<>();
    private final List<String> secretIds;
    private final Map<String, String> typeOf = new HashMap<>();
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private int nextSecretId;
    /** Share of the sections that may hold planted items or look-alike blocks (the rest are prose and lists). */
    private final double richShare;

    /**
     * How densely items are planted. {@link #EVALUATION}: every section may hold some (~1,350 planted items and
     * ~12,000 look-alikes per MiB: many labels for the scorer, far denser than real pages). {@link #PAGES}: most
     * sections are prose and lists, about one in 24 is a config block, contact table, log, runbook… — about as dense
     * as the held-out corpus of issue 14 (~56 planted items per MiB); the speed benchmark's corpus.
     */
    public enum Density {
        EVALUATION(1.0), PAGES(1.0 / 24);

        final double richShare;

        Density(double richShare) {
            this.richShare = richShare;
        }
    }

    private EvalCorpus(long seed, Density density) {
        r = new Random(seed);
        richShare = density.richShare;
        for (Detector d : DetectorCatalog.builtIns()) {
            typeOf.put(d.id(), d.type());
        }
        // every built-in secret detector that Samples can generate (test-mode keys are look-alikes, not secrets)
        List<String> ids = new ArrayList<>(new Samples(0).secrets().keySet());
        ids.remove("stripe-test-key");
        ids.remove("secret-table-column"); // planted in credential tables (credentialTable), not as a sample
        java.util.Collections.shuffle(ids, r);
        secretIds = List.copyOf(ids);
    }

    /** About {@code targetChars} chars of pages. */
    public static Corpus generate(long seed, int targetChars) {
        return generate(seed, targetChars, Density.EVALUATION);
    }

    /** About {@code targetChars} chars of pages with items planted at the given density. */
    public static Corpus generate(long seed, int targetChars, Density density) {
        EvalCorpus c = new EvalCorpus(seed, density);
        while (c.sb.length() < targetChars) {
            c.page();
        }
        return new Corpus(c.sb.toString(), List.copyOf(c.labels));
    }

    /** All secret types planted by the generator (every built-in secret detector's type but test-mode keys). */
    public static List<String> plantedSecretTypes() {
        EvalCorpus c = new EvalCorpus(0, Density.EVALUATION);
        return c.secretIds.stream().map(c.typeOf::get).distinct().sorted().toList();
    }

    // ------------------------------------------------------------------ page structure

    private void page() {
        sb.append("<h1>").append(cap(word())).append(' ').append(word()).append(' ').append(word()).append("</h1>\n");
        int sections = 4 + r.nextInt(8);
        for (int i = 0; i < sections; i++) {
            int k = r.nextInt(100);
            if (k >= 38 && richShare < 1 && r.nextDouble() >= richShare) {
                k = r.nextInt(38); // an ordinary paragraph or list instead
            }
            if (k < 30) {
                paragraph();
            } else if (k < 38) {
                list();
            } else if (k < 46) {
                metricsTable();
            } else if (k < 52) {
                if (r.nextInt(3) == 0) {
                    assetTable();
                } else {
                    contactTable();
                }
            } else if (k < 60) {
                runbook();
            } else if (k < 68) {
                logBlock();
            } else if (k < 82) {
                configBlock();
            } else if (k < 88) {
                releaseNotes();
            } else if (k < 94) {
                piiParagraph();
            } else if (k < 97) {
                secretNote();
            } else {
                encodedBlock();
            }
        }
        sb.append('\n');
    }

    /**
     * Whether a look-alike goes into ordinary prose here: always at {@link Density#EVALUATION}, in one of 24 places
     * at {@link Density#PAGES} (prose keeps its plain numbers: counts, percentages, page ids, durations).
     */
    private boolean dense() {
        return richShare >= 1 || r.nextDouble() < richShare;
    }

    private void paragraph() {
        sb.append("<p>");
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
            sentence();
        }
        if (r.nextInt(4) == 0 && dense()) {
            sb.append("See ticket PROJ-").append(100 + r.nextInt(9000)).append(" and ");
            lookalike("ORDER_NUMBER", this::orderNumber);
            sb.append(". ");
        } else if (r.nextInt(3) == 0 && dense()) {
            sb.append(pick(new String[] {"The budget is ", "Costs: ", "Umsatz ", "Montant total ", "Traffic reached "}));
            lookalike("AMOUNT", this::amount);
            sb.append(". ");
        }
        sb.append("</p>\n");
    }

    private void sentence() {
        int n = 6 + r.nextInt(14);
        String w = word();
        sb.append(cap(w));
        for (int i = 1; i < n; i++) {
            sb.append(' ');
            int k = r.nextInt(50);
            if (k == 0) {
                sb.append(cap(pick(FIRST))).append(' ').append(cap(pick(LAST)));
            } else if (k == 1 && dense()) {
                lookalike("VERSION", this::version);
            } else if (k == 2 && dense()) {
                lookalike("TIMESTAMP", this::timestamp);
            } else if (k == 3) {
                sb.append(r.nextInt(100)).append('%');
            } else if (k == 4) {
                sb.append("<a href=\"https://wiki.").append(pick(DOMAINS)).append("/spaces/ENG/pages/")
                        .append(100000 + r.nextInt(900000)).append("\">").append(word()).append("</a>");
            } else if (k == 6) {
                sb.append("&quot;").append(word()).append(' ').append(word()).append("&quot;");
            } else if (k == 5) {
                sb.append(r.nextInt(5000)).append(' ').append(pick(new String[] {"ms", "users", "pages", "GB", "requests"}));
            } else {
                sb.append(word());
            }
        }
        sb.append(r.nextInt(8) == 0 ? "? " : ". ");
    }

    private void list() {
        sb.append(r.nextBoolean() ? "<ul>\n" : "<ol>\n");
        for (int i = 0, n = 2 + r.nextInt(5); i < n; i++) {
            sb.append("<li>");
            sentence();
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private void metricsTable() {
        String[] cols = {"Service", pick(new String[] {"Requests", "Rows", "Bytes", "Events", "Objects"}), "p99 (ms)",
            "Build", "Released", "Commit"};
        sb.append("<table><tbody>\n<tr>");
        for (String c : cols) {
            sb.append("<th>").append(c).append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0, n = 3 + r.nextInt(8); i < n; i++) {
            sb.append("<tr><td>").append(word()).append('-').append(word()).append("</td><td>");
            lookalike("NUMBER_CELL", this::numberCell);
            sb.append("</td><td>").append(1 + r.nextInt(2000)).append("</td><td>");
            lookalike("BUILD_NUMBER", this::buildNumber);
            sb.append("</td><td>");
            lookalike("TIMESTAMP", this::timestamp);
            sb.append("</td><td>");
            lookalike("HEX_HASH", () -> sb.append(rnd(HEX, r.nextBoolean() ? 7 : 40)));
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private void contactTable() {
        sb.append("<table><tbody>\n<tr><th>Name</th><th>Role</th><th>Email</th><th>")
                .append(pick(new String[] {"Phone", "Mobile", "Tel.", "Direct line"})).append("</th></tr>\n");
        for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
            String first = pick(FIRST);
            String last = pick(LAST);
            sb.append("<tr><td>").append(cap(first)).append(' ').append(cap(last)).append("</td><td>")
                    .append(pick(new String[] {"on-call lead", "engineering manager", "SRE", "product owner", "DBA"}))
                    .append("</td><td>");
            if (r.nextInt(4) == 0) {
                lookalike("ROLE_MAILBOX", () -> sb.append(pick(ROLE_MAILBOXES)).append('@').append(pick(DOMAINS)));
            } else {
                plant("EMAIL_ADDRESS", "contact-table", () -> personalEmail(first, last));
            }
            sb.append("</td><td>");
            plant("PHONE_NUMBER", "contact-table", this::phone);
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    /**
     * A device inventory: serials, IMEIs, SIM ICCIDs and IMSIs (Luhn-checked or card-length numbers that are not cards)
     * and MAC addresses, with the owners' work emails, and a sentence about a swapped SIM.
     */
    private void assetTable() {
        sb.append("<table><tbody>\n<tr><th>Asset</th><th>Owner</th><th>Serial</th><th>IMEI</th><th>SIM (ICCID)</th>")
                .append("<th>IMSI</th><th>Wi-Fi MAC</th></tr>\n");
        for (int i = 0, n = 2 + r.nextInt(6); i < n; i++) {
            String first = pick(FIRST);
            String last = pick(LAST);
            sb.append("<tr><td>").append(pick(new String[] {"MBP", "IPH", "PIX", "TAB", "LT"})).append('-')
                    .append(100 + r.nextInt(900)).append("</td><td>");
            plant("EMAIL_ADDRESS", "asset-table", () -> personalEmail(first, last));
            sb.append("</td><td>").append(rnd(UP + DI, 10 + r.nextInt(3))).append("</td><td>");
            lookalike("DEVICE_ID", this::imei);
            sb.append("</td><td>");
            lookalike("DEVICE_ID", this::iccid);
            sb.append("</td><td>");
            lookalike("DEVICE_ID", () -> sb.append(pick(new String[] {"234", "310", "262", "208", "404", "505"}))
                    .append(rnd(DI, 12)));
            sb.append("</td><td>");
            lookalike("MAC_ADDRESS", this::macAddress);
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n<p>").append(cap(pick(FIRST))).append("'s SIM card was replaced (new ICCID ");
        lookalike("DEVICE_ID", this::iccid);
        sb.append("); the handset, IMEI ");
        lookalike("DEVICE_ID", this::imei);
        sb.append(", was re-enrolled.</p>\n");
    }

    /** 14 digits after a reporting body (35, 01, 86, 99) and a Luhn check digit. */
    private void imei() {
        sb.append(withLuhnDigit(pick(new String[] {"35", "35", "01", "86", "99"}) + rnd(DI, 12)));
    }

    /** ITU-T E.118: 89, a country code, an issuer, the account and a Luhn check digit; 19 or 20 digits. */
    private void iccid() {
        String body = "89" + pick(new String[] {"44", "1", "49", "33", "91", "61"});
        sb.append(withLuhnDigit(body + rnd(DI, 18 + r.nextInt(2) - body.length())));
    }

    private void macAddress() {
        String sep = r.nextBoolean() ? ":" : "-";
        String hex = r.nextBoolean() ? "0123456789ABCDEF" : "0123456789abcdef";
        for (int i = 0; i < 6; i++) {
            sb.append(i > 0 ? sep : "").append(rnd(hex, 2));
        }
    }

    /**
     * An amount or a count of a million or more as locales write them: German "1.234.567,89 €", French
     * "12 345 678,50 €", English "$1,234,567.89", Swiss "CHF 1'234'567.50", or a count with a unit.
     */
    private void amount() {
        long units = (long) Math.pow(10, 6 + 3 * r.nextDouble()); // 1 000 000 to 999 999 999, log-uniform
        String cents = String.format(java.util.Locale.ROOT, "%02d", r.nextInt(100));
        String sep = switch (r.nextInt(4)) {
            case 0 -> ".";
            case 1 -> " ";
            case 2 -> ",";
            default -> "'";
        };
        String grouped = String.format(java.util.Locale.ROOT, "%,d", units).replace(",", sep);
        String decimal = sep.equals(",") || sep.equals("'") ? "." : ",";
        switch (r.nextInt(5)) {
            case 0 -> sb.append(grouped).append(decimal).append(cents).append(r.nextBoolean() ? " €" : " EUR");
            case 1 -> sb.append(pick(new String[] {"EUR ", "€", "$", "CHF ", "USD ", "£"})).append(grouped);
            case 2 -> sb.append(grouped).append(' ').append(pick(new String[] {"requests", "events", "Aufrufe", "users"}));
            case 3 -> sb.append(grouped).append(decimal).append(cents);
            default -> sb.append(grouped);
        }
    }

    private static String withLuhnDigit(String payload) {
        for (int d = 0; d < 10; d++) {
            if (Checks.luhn(payload + d)) {
                return payload + d;
            }
        }
        throw new IllegalStateException("no Luhn digit for " + payload);
    }

    private void runbook() {
        sb.append("<h2>Runbook: ").append(word()).append(' ').append(word()).append("</h2>\n<ol>\n");
        for (int i = 0, n = 3 + r.nextInt(5); i < n; i++) {
            sb.append("<li>");
            switch (r.nextInt(8)) {
                case 7 -> {
                    sb.append("Run <code>");
                    shellCommand();
                    sb.append("</code> on the ").append(word()).append(" host.");
                }
                case 0 -> {
                    sb.append("Find the request id (for example ");
                    lookalike("UUID", this::uuid);
                    sb.append(") in the gateway logs.");
                }
                case 1 -> {
                    sb.append("Tenant ");
                    lookalike("UUID", this::uuid);
                    sb.append(" maps to cluster ").append(word()).append('-').append(r.nextInt(9)).append('.');
                }
                case 2 -> {
                    sb.append("Roll back to image digest <code>sha256:");
                    lookalike("HEX_HASH", () -> sb.append(rnd(HEX, 64)));
                    sb.append("</code> (commit ");
                    lookalike("HEX_HASH", () -> sb.append(rnd(HEX, 7 + r.nextInt(6))));
                    sb.append(").");
                }
                case 3 -> {
                    sb.append("Open the connection to ");
                    lookalike("PRIVATE_IP", this::privateIpUrl);
                    sb.append(" and check the pool.");
                }
                case 4 -> {
                    sb.append("Page ");
                    lookalike("ROLE_MAILBOX", () -> sb.append(pick(ROLE_MAILBOXES)).append('@').append(pick(DOMAINS)));
                    sb.append(" if the ").append(word()).append(" is still failing after ").append(5 + r.nextInt(55))
                            .append(" minutes.");
                }
                case 5 -> {
                    sb.append("Registry key <code>HKLM\\SOFTWARE\\").append(cap(word())).append("\\");
                    lookalike("UUID", () -> sb.append('{').append(UUID.nameUUIDFromBytes(rnd(AN, 12).getBytes())
                            .toString().toUpperCase(Locale.ROOT)).append('}'));
                    sb.append("</code> must exist.");
                }
                default -> {
                    sb.append("Verify build ");
                    lookalike("BUILD_NUMBER", this::buildNumber);
                    sb.append(" is deployed since ");
                    lookalike("TIMESTAMP", this::timestamp);
                    sb.append('.');
                }
            }
            sb.append("</li>\n");
        }
        sb.append("</ol>\n");
    }

    /**
     * A command a runbook tells people to run: half of them with a password on the command line (a client's password
     * flag, a .netrc entry, SQL, PowerShell), the others with look-alikes of the same shape — a flag that prompts, a
     * port, a variable, stdin.
     */
    private void shellCommand() {
        String host = word() + ".prod." + pick(DOMAINS);
        String user = pick(new String[] {"admin", "root", "deploy", "svc_" + word(), "app"});
        if (r.nextBoolean()) {
            Runnable pw = () -> plant("PASSWORD_IN_COMMAND", "runbook-shell", this::randomPassword);
            switch (r.nextInt(10)) {
                case 7 -> { sb.append("CREATE USER ").append(word()).append("_app WITH PASSWORD '"); pw.run(); sb.append("';"); }
                case 8 -> { sb.append("cat >> ~/.netrc &lt;&lt;EOF\nmachine ").append(host).append(" login ").append(user)
                    .append(" password "); pw.run(); sb.append("\nEOF"); }
                case 9 -> { sb.append("$cred = ConvertTo-SecureString \""); pw.run();
                    sb.append("\" -AsPlainText -Force"); }
                case 0 -> { sb.append("mysql -h ").append(host).append(" -u ").append(user).append(" -p"); pw.run();
                    sb.append(' ').append(word()); }
                case 1 -> { sb.append("docker login -u ").append(user).append(" -p "); pw.run();
                    sb.append(" registry.").append(pick(DOMAINS)); }
                case 2 -> { sb.append("sshpass -p '"); pw.run(); sb.append("' ssh ");
                    lookalike("SSH_DESTINATION", () -> sb.append(user).append('@').append(host)); }
                case 3 -> { sb.append("mysqldump -u").append(user).append(" -p'"); pw.run(); sb.append("' ").append(word())
                    .append(" > ").append(word()).append(".sql"); }
                case 4 -> { sb.append("psql -h ").append(host).append(" -c \"ALTER ROLE ").append(user)
                    .append(" WITH LOGIN PASSWORD '"); pw.run(); sb.append("'\""); }
                case 5 -> { sb.append(word()).append("ctl login --username ").append(user).append(" --password "); pw.run(); }
                default -> { sb.append("openssl pkcs12 -export -in ").append(word()).append(".crt -passout pass:"); pw.run(); }
            }
            return;
        }
        switch (r.nextInt(9)) {
            case 7 -> { sb.append("CREATE USER ").append(word()).append("_app WITH PASSWORD ");
                lookalike("PLACEHOLDER", () -> sb.append(":'").append(word()).append("_password'")); sb.append(';'); }
            case 8 -> sb.append("$cred = Get-Credential; $pw = Read-Host -AsSecureString");
            case 0 -> { sb.append("mysql -h ").append(host).append(" -P 3306 -u ").append(user).append(" -p ");
                lookalike("PROMPT_FLAG", () -> sb.append(word())); }
            case 1 -> { sb.append("docker run -d -p ");
                lookalike("PORT_FLAG", () -> sb.append(8000 + r.nextInt(1000)).append(':').append(80 + r.nextInt(20)));
                sb.append(' ').append(word()); }
            case 2 -> { sb.append("ssh -p ");
                lookalike("PORT_FLAG", () -> sb.append(2200 + r.nextInt(100))); sb.append(' ');
                lookalike("SSH_DESTINATION", () -> sb.append(user).append('@').append(host)); }
            case 3 -> { sb.append("docker login -u ").append(user).append(" -p ");
                lookalike("PLACEHOLDER", () -> sb.append('$').append(word().toUpperCase(Locale.ROOT)).append("_PASSWORD"));
                sb.append(" registry.").append(pick(DOMAINS)); }
            case 4 -> { sb.append("curl -s -u ");
                lookalike("PLACEHOLDER", () -> sb.append("\"$").append(word().toUpperCase(Locale.ROOT)).append("_USER:$")
                        .append(word().toUpperCase(Locale.ROOT)).append("_TOKEN\""));
                sb.append(" https://").append(host).append("/api/health"); }
            case 5 -> { sb.append("cat ~/.").append(word()).append(" | docker login -u ").append(user)
                    .append(" --password-stdin registry.").append(pick(DOMAINS)); }
            default -> { sb.append("mysql -u ").append(user).append(" -p");
                lookalike("PLACEHOLDER", () -> sb.append("$MYSQL_").append(word().toUpperCase(Locale.ROOT)).append("_PASSWORD")); }
        }
    }

    private void logBlock() {
        codeMacro("text", () -> {
            for (int i = 0, n = 4 + r.nextInt(10); i < n; i++) {
                lookalike("TIMESTAMP", this::timestamp);
                sb.append(' ').append(pick(new String[] {"INFO", "WARN", "ERROR", "DEBUG"})).append(" [")
                        .append(word()).append("-worker-").append(r.nextInt(16)).append("] ");
                switch (r.nextInt(6)) {
                    case 0 -> {
                        sb.append("request_id=");
                        lookalike("UUID", this::uuid);
                        sb.append(" status=").append(200 + r.nextInt(304)).append(" duration_ms=").append(r.nextInt(9000));
                    }
                    case 1 -> {
                        sb.append("trace=");
                        lookalike("HEX_HASH", () -> sb.append(rnd(HEX, 32)));
                        sb.append(" span=");
                        lookalike("HEX_HASH", () -> sb.append(rnd(HEX, 16)));
                    }
                    case 2 -> {
                        sb.append("job ");
                        lookalike("BUILD_NUMBER", this::buildNumber);
                        sb.append(" finished, ").append(r.nextInt(100000)).append(" rows");
                    }
                    case 3 -> {
                        sb.append("connected to ");
                        lookalike("PRIVATE_IP", this::privateIp);
                        sb.append(':').append(1024 + r.nextInt(60000));
                    }
                    case 4 -> {
                        sb.append("ts=");
                        lookalike("TIMESTAMP", () -> sb.append(r.nextBoolean() ? 1_600_000_000L + r.nextInt(200_000_000)
                                : 1_600_000_000_000L + (long) (r.nextDouble() * 2e11)));
                        sb.append(" order=");
                        lookalike("ORDER_NUMBER", this::orderNumber);
                    }
                    default -> {
                        sb.append("agent version ");
                        lookalike("VERSION", this::version);
                        sb.append(" session ");
                        lookalike("UUID", this::uuid);
                    }
                }
                sb.append('\n');
            }
        });
    }

    private void releaseNotes() {
        sb.append("<h3>Release ");
        lookalike("VERSION", this::version);
        sb.append("</h3>\n<ul>\n");
        for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
            sb.append("<li>");
            switch (r.nextInt(4)) {
                case 0 -> {
                    sb.append("Build ");
                    lookalike("BUILD_NUMBER", this::buildNumber);
                    sb.append(" fixes ").append(word()).append(' ').append(word()).append('.');
                }
                case 1 -> {
                    sb.append("Requires ").append(cap(word())).append(' ');
                    lookalike("VERSION", this::version);
                    sb.append(" or later.");
                }
                case 2 -> {
                    sb.append("Customer order ");
                    lookalike("ORDER_NUMBER", this::orderNumber);
                    sb.append(" was refunded on ");
                    lookalike("TIMESTAMP", this::timestamp);
                    sb.append('.');
                }
                default -> {
                    sb.append("Merged ");
                    lookalike("HEX_HASH", () -> sb.append(rnd(HEX, 40)));
                    sb.append(" into main.");
                }
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    // ------------------------------------------------------------------ config snippets

    private void codeMacro(String language, Runnable body) {
        sb.append("<ac:structured-macro ac:name=\"code\"><ac:parameter ac:name=\"language\">").append(language)
                .append("</ac:parameter><ac:plain-text-body><![CDATA[");
        body.run();
        sb.append("]]></ac:plain-text-body></ac:structured-macro>\n");
    }

    /** A configuration line's value: a planted secret, or one of the look-alike value classes. */
    private record Entry(String key, Consumer<EvalCorpus> value) {
    }

    private Entry configEntry(String style) {
        int k = r.nextInt(100);
        if (k < 26) {
            return plantedConfigSecret(style);
        }
        if (k < 36) {
            String key = keyName(style, pick(new String[] {"password", "secret", "api_key", "token", "client_secret"}));
            return new Entry(key, c -> c.lookalike("PLACEHOLDER", c::placeholder));
        }
        if (k < 42) {
            String key = keyName(style, pick(new String[] {"password", "secret", "token", "api_key"}));
            return new Entry(key, c -> c.lookalike("REFERENCE", c::reference));
        }
        if (k < 50) {
            String key = keyName(style, pick(new String[] {"aws_access_key_id", "aws_secret_access_key", "access_key"}));
            return new Entry(key, c -> c.lookalike("DOCUMENTED_EXAMPLE", c::documentedExample));
        }
        if (k < 57) {
            String key = keyName(style, pick(new String[] {"stripe_key", "stripe_secret_key", "payments_api_key"}));
            return new Entry(key, c -> c.lookalike("TEST_MODE_KEY", c::testModeKey));
        }
        if (k < 65) {
            String key = keyName(style, pick(new String[] {word() + ".password." + word(), word() + "_token_mode",
                "secret." + word() + ".policy", "auth." + word() + ".api_key_header", word() + "_password_" + word()}));
            return new Entry(key, c -> c.lookalike("WORD_VALUE", c::wordValue));
        }
        if (k < 72) {
            return new Entry(keyName(style, pick(new String[] {"database_host", "db_host", "redis_url", "jdbc_url"})),
                    c -> c.lookalike("PRIVATE_IP", r.nextBoolean() ? c::privateIp : c::privateIpUrl));
        }
        if (k < 78) {
            return new Entry(keyName(style, pick(new String[] {"request_id", "tenant_id", "client_id", "instance_uuid"})),
                    c -> c.lookalike("UUID", c::uuid));
        }
        if (k < 83) {
            return new Entry(keyName(style, pick(new String[] {"image_digest", "checksum", "git_sha"})),
                    c -> c.lookalike("HEX_HASH", () -> c.sb.append(c.rnd(HEX, c.r.nextBoolean() ? 40 : 64))));
        }
        if (k < 88) {
            return new Entry(keyName(style, pick(new String[] {"version", "app_version", "chart_version"})),
                    c -> c.lookalike("VERSION", c::version));
        }
        if (k < 92) {
            return new Entry(keyName(style, pick(new String[] {"alert_email", "from_address", "oncall_mailbox"})),
                    c -> c.lookalike("ROLE_MAILBOX", () -> c.sb.append(pick(ROLE_MAILBOXES)).append('@').append(pick(DOMAINS))));
        }
        // ordinary settings
        String key = keyName(style, pick(new String[] {"replicas", "timeout_seconds", "log_level", "region",
            "max_connections", "feature_flag", "cache_ttl"}));
        String v = pick(new String[] {String.valueOf(1 + r.nextInt(64)), "INFO", "eu-west-1", "true", r.nextInt(3600) + "s"});
        return new Entry(key, c -> c.sb.append(v));
    }

    /** A live-shaped secret under a key name that says what it is. */
    private Entry plantedConfigSecret(String style) {
        int k = r.nextInt(9);
        return switch (k) {
            case 0 -> new Entry(keyName(style, "aws_secret_access_key"),
                    c -> c.plant("AWS_SECRET_ACCESS_KEY", "config-" + style, () -> c.sb.append(c.rnd(B64, 40))));
            case 1 -> new Entry(keyName(style, "aws_access_key_id"),
                    c -> c.plant("AWS_ACCESS_KEY_ID", "config-" + style, () -> c.sb.append(pick(new String[] {"AKIA", "ASIA"}))
                            .append(c.rnd(UP + "234567", 16))));
            case 2 -> {
                int kind = r.nextInt(3);
                String key = keyName(style, new String[] {"slack_user_token", "slack_app_token", "slack_refresh_token"}[kind]);
                String type = new String[] {"SLACK_USER_TOKEN", "SLACK_APP_TOKEN", "SLACK_REFRESH_TOKEN"}[kind];
                yield new Entry(key, c -> c.plant(type, "config-" + style, () -> c.slackToken(kind)));
            }
            case 3 -> new Entry(keyName(style, "github_token"),
                    c -> c.plant("GITHUB_PAT", "config-" + style, () -> c.sb.append("ghp_").append(c.rnd(AN, 36))));
            default -> new Entry(keyName(style, pick(new String[] {"db_password", "postgres_password", "client_secret",
                "api_key", "smtp_password", "app_secret", "auth_token", "jwt_secret", "redis_password", "db_pass",
                "mail_pass"})),
                    c -> c.plant("GENERIC_SECRET", "config-" + style, c::randomPassword));
        };
    }

    private String keyName(String style, String base) {
        String snake = base.replace('.', '_').replace('-', '_');
        return switch (style) {
            case "env", "compose", "k8s", "shell" -> snake.toUpperCase(Locale.ROOT);
            case "json" -> camel(snake);
            case "properties" -> base.replace('_', '.');
            default -> r.nextBoolean() ? snake : base.replace('_', '-');
        };
    }

    private void configBlock() {
        String style = pick(new String[] {"env", "yaml", "k8s", "compose", "json", "json-ecs", "properties", "shell",
            "terraform", "inline", "table", "credentials"});
        int n = 3 + r.nextInt(6);
        switch (style) {
            case "env" -> codeMacro("bash", () -> {
                sb.append("# .env for ").append(word()).append('\n');
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("env");
                    sb.append(e.key()).append('=');
                    e.value().accept(this);
                    sb.append('\n');
                }
            });
            case "shell" -> codeMacro("bash", () -> {
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("shell");
                    sb.append("export ").append(e.key()).append("=\"");
                    e.value().accept(this);
                    sb.append("\"\n");
                }
            });
            case "yaml" -> codeMacro("yaml", () -> {
                sb.append(word()).append(":\n  ").append(word()).append(":\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("yaml");
                    sb.append("    ").append(e.key()).append(": ");
                    int q = r.nextInt(5); // 0, 1: quoted; 2: a block scalar (| or >-), the value on the next line
                    sb.append(q < 2 ? "\"" : q == 2 ? (r.nextBoolean() ? "|\n      " : ">-\n      ") : "");
                    e.value().accept(this);
                    sb.append(q < 2 ? "\"\n" : "\n");
                }
            });
            case "k8s" -> codeMacro("yaml", () -> {
                sb.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ").append(word()).append('-')
                        .append(word()).append("\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n")
                        .append("          image: registry.").append(pick(DOMAINS)).append('/').append(word()).append(':');
                lookalike("VERSION", this::version);
                sb.append("\n          env:\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("k8s");
                    sb.append("            - name: ").append(e.key()).append('\n');
                    if (r.nextInt(6) == 0) {
                        sb.append("              valueFrom:\n                secretKeyRef:\n                  name: ")
                                .append(word()).append("-secrets\n                  key: ").append(e.key().toLowerCase(Locale.ROOT)).append('\n');
                    } else {
                        sb.append("              value: \"");
                        e.value().accept(this);
                        sb.append("\"\n");
                    }
                }
            });
            case "compose" -> codeMacro("yaml", () -> {
                sb.append("services:\n  ").append(word()).append(":\n    image: ").append(word()).append(':');
                lookalike("VERSION", this::version);
                sb.append("\n    environment:\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("compose");
                    sb.append("      - ").append(e.key()).append('=');
                    e.value().accept(this);
                    sb.append('\n');
                }
            });
            case "json" -> codeMacro("json", () -> {
                sb.append("{\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("json");
                    sb.append("  \"").append(e.key()).append("\":");
                    sb.append(r.nextInt(3) == 0 ? "\n    \"" : " \"");
                    e.value().accept(this);
                    sb.append(i < n - 1 ? "\",\n" : "\"\n");
                }
                sb.append("}\n");
            });
            case "json-ecs" -> codeMacro("json", () -> {
                sb.append("\"environment\": [\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("env");
                    sb.append("  {\n    \"name\": \"").append(e.key()).append("\",\n    \"value\": \"");
                    e.value().accept(this);
                    sb.append(i < n - 1 ? "\"\n  },\n" : "\"\n  }\n");
                }
                sb.append("]\n");
            });
            case "properties" -> codeMacro("properties", () -> {
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("properties");
                    sb.append(e.key()).append(r.nextBoolean() ? "=" : " = ");
                    e.value().accept(this);
                    sb.append('\n');
                }
            });
            case "inline" -> {
                // not in a code macro: the storage format writes the quotes of inline code as entities
                sb.append("<p>Set these in <code>").append(word()).append(".json</code>:</p>\n<ul>\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("inline");
                    sb.append("<li><code>&quot;").append(e.key()).append("&quot;: &quot;");
                    escaped(() -> e.value().accept(this));
                    sb.append("&quot;</code></li>\n");
                }
                sb.append("</ul>\n");
            }
            case "credentials" -> credentialTable(n);
            case "table" -> {
                // a settings table: a label cell, its value cell (Confluence's table markup, cells in <p> or not)
                boolean p = r.nextBoolean();
                sb.append("<table><tbody>\n<tr><th>Setting</th><th>Value</th></tr>\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("table");
                    sb.append(p ? "<tr><td class=\"confluenceTd\"><p>" : "<tr><td>").append(e.key())
                            .append(p ? "</p></td><td class=\"confluenceTd\"><p>" : "</td><td>");
                    escaped(() -> e.value().accept(this));
                    sb.append(p ? "</p></td></tr>\n" : "</td></tr>\n");
                }
                sb.append("</tbody></table>\n");
            }
            default -> codeMacro("hcl", () -> {
                sb.append("resource \"").append(word()).append('_').append(word()).append("\" \"main\" {\n");
                for (int i = 0; i < n; i++) {
                    Entry e = configEntry("terraform");
                    sb.append("  ").append(e.key()).append(" = \"");
                    e.value().accept(this);
                    sb.append("\"\n");
                }
                sb.append("}\n");
            });
        }
    }

    /**
     * A credential table: a header row names the columns (System, User, Password or API token), each row below gives
     * a value under it — live-shaped, or a look-alike (a mask, a placeholder, a pointer to a vault).
     */
    private void credentialTable(int n) {
        boolean p = r.nextBoolean();
        String header = pick(new String[] {"Password", "Passwort", "API token", "Secret", "Credentials"});
        sb.append("<table class=\"wrapped\"><tbody>\n<tr>");
        for (String h : new String[] {"System", "User", header, "Notes"}) {
            sb.append(p ? "<th><p><strong>" : "<th>").append(h).append(p ? "</strong></p></th>" : "</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < n; i++) {
            sb.append(p ? "<tr><td><p>" : "<tr><td>").append(word()).append('-').append(word())
                    .append(p ? "</p></td><td><p>" : "</td><td>").append(pick(FIRST)).append(r.nextBoolean() ? "_svc" : "")
                    .append(p ? "</p></td><td><p>" : "</td><td>");
            switch (r.nextInt(6)) {
                case 0 -> lookalike("PLACEHOLDER", () -> sb.append(pick(new String[] {"********", "&lt;redacted&gt;",
                    "${" + word().toUpperCase(Locale.ROOT) + "_PASSWORD}", "xxxxxxxxxxxx"})));
                case 1 -> lookalike("REFERENCE", () -> sb.append(pick(new String[] {"vault:secret/data/", "ref+awsssm://"}))
                        .append(word()).append('/').append(word()));
                case 2 -> lookalike("WORD_VALUE", () -> sb.append(pick(new String[] {"see 1Password", "ask the on-call",
                    "rotated monthly", "in the team vault"})));
                default -> plant("GENERIC_SECRET", "table-column", () -> sb.append(rnd(AN + "!#%", 12 + r.nextInt(10))));
            }
            sb.append(p ? "</p></td><td><p>" : "</td><td>").append(word()).append(' ').append(word())
                    .append(p ? "</p></td></tr>\n" : "</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    // ------------------------------------------------------------------ planted items in prose

    private void piiParagraph() {
        sb.append("<p>");
        sentence();
        int k = r.nextInt(12);
        String first = pick(FIRST);
        String last = pick(LAST);
        switch (k) {
            case 0 -> {
                sb.append("Reach ").append(cap(first)).append(" at ");
                plant("EMAIL_ADDRESS", "prose", () -> personalEmail(first, last));
                sb.append(" or call ");
                plant("PHONE_NUMBER", "prose", this::phone);
                sb.append(". ");
            }
            case 1 -> {
                sb.append(pick(new String[] {"The refund goes to card ", "Card on file: ", "Customer paid with "}));
                plant("CREDIT_CARD", "prose", this::card);
                sb.append(", exp ").append(String.format("%02d/%02d", 1 + r.nextInt(12), 26 + r.nextInt(5))).append(". ");
            }
            case 2 -> {
                sb.append(pick(new String[] {"Employee SSN ", "social security number: ", "SSN on the W-4 form is "}));
                plant("US_SSN", "prose", this::ssn);
                sb.append(". ");
            }
            case 3 -> {
                sb.append(pick(new String[] {"Wire the deposit to IBAN ", "Supplier bank account (IBAN): ", "Refund to "}));
                plant("IBAN_CODE", "prose", this::iban);
                sb.append(". ");
            }
            case 4 -> {
                sb.append(pick(new String[] {"Blocked traffic from ", "The customer's public IP is ", "Login from "}));
                plant("IP_ADDRESS", "prose", this::publicIpv4);
                sb.append(pick(new String[] {" at ", " since "}));
                lookalike("TIMESTAMP", this::timestamp);
                sb.append(". ");
            }
            case 5 -> {
                sb.append("Client address ");
                plant("IP_ADDRESS", "prose", () -> sb.append(String.format("2%03x:%x:%x::%x", r.nextInt(0x400) + 0x400,
                        r.nextInt(0xffff), r.nextInt(0xffff), 1 + r.nextInt(0xfffe))));
                sb.append(" was rate limited. ");
            }
            case 6 -> {
                sb.append(pick(new String[] {"National Insurance number ", "NI number: ", "her NINO is "}));
                plant("UK_NINO", "prose", this::nino);
                sb.append(". ");
            }
            case 7 -> {
                sb.append(pick(new String[] {"PAN ", "Permanent account number (PAN): ", "income tax PAN "}));
                plant("IN_PAN", "prose", this::pan);
                sb.append(". ");
            }
            case 8 -> {
                sb.append(pick(new String[] {"Aadhaar ", "Aadhaar number: ", "UIDAI number "}));
                plant("IN_AADHAAR", "prose", this::aadhaar);
                sb.append(". ");
            }
            case 9 -> {
                sb.append(pick(new String[] {"Steuer-IdNr ", "Steuerliche Identifikationsnummer: ", "tax id (TIN) "}));
                plant("DE_TAX_ID", "prose", this::germanTaxId);
                sb.append(". ");
            }
            case 10 -> {
                sb.append(pick(new String[] {"Call ", "Her mobile is ", "Office phone: ", "Dial "}));
                plant("PHONE_NUMBER", "prose", this::phone);
                sb.append(pick(new String[] {" after 10am. ", ". ", " (ask for " + cap(first) + "). "}));
            }
            default -> {
                sb.append("Contact: ").append(cap(first)).append(' ').append(cap(last)).append(", ");
                plant("EMAIL_ADDRESS", "prose", () -> personalEmail(first, last));
                sb.append(". ");
            }
        }
        sb.append("</p>\n");
    }

    /** A secret from the shared per-detector samples, in a code macro or a paragraph. */
    private void secretNote() {
        if (r.nextInt(5) == 0) {
            // a password in a sentence, and the sentences about passwords that are not one
            sb.append("<p>The ").append(word()).append(' ').append(pick(new String[] {"password", "admin password",
                "secret", "API token"})).append(r.nextBoolean() ? " is " : " was ");
            plant("GENERIC_SECRET", "prose-is", () -> sb.append(rnd(AN + "!#%", 10 + r.nextInt(8))));
            sb.append(pick(new String[] {" until Friday.", ", rotate it after the release.", " (ask in #ops)."}))
                    .append(" The ").append(pick(new String[] {"password", "token", "secret"})).append(' ')
                    .append(pick(new String[] {"is stored in Vault", "was rotated on Monday", "is valid for 90 days",
                        "is managed by the platform team"})).append(".</p>\n");
            return;
        }
        // round robin over a shuffled list: every type is planted once before any is planted twice
        String id = secretIds.get(nextSecretId++ % secretIds.size());
        String fragment = new Samples(r.nextLong()).secrets().get(id)[0];
        if (r.nextBoolean() || fragment.indexOf('\n') >= 0) {
            codeMacro("text", () -> plant(typeOf.get(id), "sample-" + id, () -> sb.append(fragment)));
        } else {
            sb.append("<p>Temporary note from ").append(cap(pick(FIRST))).append(": ");
            plant(typeOf.get(id), "sample-" + id, () -> sb.append(xml(fragment)));
            sb.append("</p>\n");
        }
    }

    /**
     * Encoded text: a base64 blob of a .env file (one line or wrapped at 76 as {@code base64} writes it) holding a
     * live-shaped token, a URL-encoded Slack webhook or email address in a link, and look-alikes: base64 of random
     * bytes (images, keys of no known shape) and of ordinary prose. A planted label spans the whole encoded value.
     */
    private void encodedBlock() {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        switch (r.nextInt(5)) {
            case 0 -> {
                String token = "ghp_" + rnd(AN, 36);
                String env = "# ci.env\nREGION=eu-west-1\nGITHUB_TOKEN=" + token + "\nLOG_LEVEL=info\n";
                String enc = b64.encodeToString(env.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                boolean wrap = r.nextBoolean();
                sb.append("<p>Paste this into the CI variable <code>CI_ENV_B64</code>:</p>\n");
                codeMacro("text", () -> plant("GITHUB_PAT", "encoded-base64", () -> sb.append(wrap ? wrap76(enc) : enc)));
            }
            case 1 -> {
                String hook = "https://hooks.slack.com/services/T" + rnd(UP + DI, 10) + "/B" + rnd(UP + DI, 10) + "/"
                        + rnd(AN, 24);
                String enc = java.net.URLEncoder.encode(hook, java.nio.charset.StandardCharsets.UTF_8);
                sb.append("<p>Alert link: <a href=\"https://alerts.acme.io/route?target=");
                plant("SLACK_WEBHOOK", "encoded-url", () -> sb.append(enc));
                sb.append("&amp;mode=post\">route</a></p>\n");
            }
            case 2 -> {
                String first = pick(FIRST);
                String last = pick(LAST);
                String mail = first + "." + last + "@" + pick(DOMAINS);
                sb.append("<p>Invite: <a href=\"https://calendar.acme.io/invite?to=");
                plant("EMAIL_ADDRESS", "encoded-url",
                        () -> sb.append(java.net.URLEncoder.encode(mail, java.nio.charset.StandardCharsets.UTF_8)));
                sb.append("\">join</a></p>\n");
            }
            case 3 -> {
                byte[] bytes = new byte[48 + r.nextInt(400)];
                r.nextBytes(bytes);
                codeMacro("text", () -> lookalike("BASE64_BINARY", () -> sb.append(wrap76(b64.encodeToString(bytes)))));
            }
            default -> {
                StringBuilder prose = new StringBuilder();
                for (int i = 0; i < 12 + r.nextInt(30); i++) {
                    prose.append(word()).append(i % 9 == 8 ? ".\n" : " ");
                }
                String enc = b64.encodeToString(prose.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                codeMacro("text", () -> lookalike("BASE64_TEXT", () -> sb.append(wrap76(enc))));
            }
        }
    }

    private static String wrap76(String s) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); i += 76) {
            w.append(s, i, Math.min(s.length(), i + 76));
            if (i + 76 < s.length()) {
                w.append('\n');
            }
        }
        return w.toString();
    }

    // ------------------------------------------------------------------ value generators

    private void plant(String type, String generator, Runnable write) {
        int start = sb.length();
        write.run();
        labels.add(new Label(Kind.PLANTED, type, generator, start, sb.length()));
    }

    private void lookalike(String cls, Runnable write) {
        int start = sb.length();
        write.run();
        labels.add(new Label(Kind.LOOKALIKE, cls, cls, start, sb.length()));
    }

    /** Slack user (xoxp-/xoxe- user shape), app-level (xapp-) and rotation refresh (xoxe-1-) tokens. */
    private void slackToken(int kind) {
        switch (kind) {
            case 0 -> sb.append(r.nextInt(4) == 0 ? "xoxe-" : "xoxp-").append(rnd(DI, 10 + r.nextInt(4))).append('-')
                    .append(rnd(DI, 10 + r.nextInt(4))).append('-').append(rnd(DI, 10 + r.nextInt(4))).append('-')
                    .append(r.nextBoolean() ? rnd(HEX, 32) : rnd(AN, 28 + r.nextInt(7)));
            case 1 -> sb.append("xapp-").append(1 + r.nextInt(2)).append("-A").append(rnd(UP + DI, 8 + r.nextInt(4)))
                    .append('-').append(rnd(DI, 10 + r.nextInt(4))).append('-').append(rnd(HEX, 64));
            default -> sb.append("xoxe-1-").append(rnd(UP + DI + (r.nextBoolean() ? LO : ""), 146));
        }
    }

    private void personalEmail(String first, String last) {
        String local = switch (r.nextInt(4)) {
            case 0 -> first + "." + last;
            case 1 -> first.charAt(0) + last;
            case 2 -> first + "_" + last + r.nextInt(100);
            default -> first + "." + last + "+" + word();
        };
        sb.append(local).append('@').append(pick(DOMAINS));
    }

    private void phone() {
        String region = pick(PHONE_REGIONS);
        Phonenumber.PhoneNumber ex = phones.getExampleNumberForType(region,
                r.nextBoolean() ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE);
        if (ex == null) {
            ex = phones.getExampleNumber(region);
        }
        // vary the subscriber digits (keep the example's prefix and length), and keep it valid
        String nsn = phones.getNationalSignificantNumber(ex);
        Phonenumber.PhoneNumber pn = ex;
        for (int attempt = 0; attempt < 20; attempt++) {
            int keep = Math.max(2, nsn.length() - 4);
            String cand = nsn.substring(0, keep) + rnd(DI, nsn.length() - keep);
            try {
                Phonenumber.PhoneNumber p = phones.parse(cand, region);
                if (phones.isValidNumber(p)) {
                    pn = p;
                    break;
                }
            } catch (Exception ignored) {
                // keep the example
            }
        }
        int style = r.nextInt(10);
        String s;
        if (style < 4) {
            s = phones.format(pn, PhoneNumberFormat.INTERNATIONAL);
        } else if (style < 8) {
            s = phones.format(pn, PhoneNumberFormat.NATIONAL);
        } else {
            s = phones.format(pn, PhoneNumberFormat.E164);
        }
        if (style < 4 && r.nextInt(4) == 0 && phones.format(pn, PhoneNumberFormat.NATIONAL).startsWith("0")) {
            // "+46 (0)8 …": international format with the trunk prefix in parentheses
            String intl = phones.format(pn, PhoneNumberFormat.INTERNATIONAL);
            int sp = intl.indexOf(' ');
            s = intl.substring(0, sp) + " (0)" + intl.substring(sp + 1);
        }
        sb.append(s);
        if (r.nextInt(5) == 0) {
            sb.append(pick(new String[] {" x", " ext. ", " ext ", "x", " #"})).append(rnd(DI, 2 + r.nextInt(3)));
        }
    }

    /** A card number of a brand's range and length (Visa 13/16/19, Amex 15, Diners 14, UnionPay 16/19 …). */
    private void card() {
        String[][] brands = {{"4", "16"}, {"4", "16"}, {"4", "13"}, {"4", "19"}, {"51", "16"}, {"52", "16"},
            {"55", "16"}, {"2221", "16"}, {"34", "15"}, {"37", "15"}, {"6011", "16"}, {"65", "16"}, {"3528", "16"},
            {"36", "14"}, {"300", "14"}, {"62", "16"}, {"62", "19"}};
        String[] brand = brands[r.nextInt(brands.length)];
        int len = Integer.parseInt(brand[1]);
        String n = withLuhnDigit(brand[0] + rnd(DI, len - 1 - brand[0].length()));
        if (len == 16 && r.nextBoolean()) {
            String sep = r.nextBoolean() ? " " : "-";
            n = n.substring(0, 4) + sep + n.substring(4, 8) + sep + n.substring(8, 12) + sep + n.substring(12);
        }
        sb.append(n);
    }

    private void ssn() {
        int area;
        do {
            area = 1 + r.nextInt(899);
        } while (area == 666);
        sb.append(String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999)));
    }

    private void iban() {
        String[][] cc = {{"DE", "18"}, {"FR", "23"}, {"ES", "20"}, {"IT", "X"}, {"AT", "16"}, {"BE", "12"}, {"PL", "24"}};
        String[] c = pick(cc);
        String bban = c[1].equals("X") ? rnd(UP, 1) + rnd(DI, 22) : rnd(DI, Integer.parseInt(c[1]));
        String iban = null;
        for (int ck = 2; ck < 99; ck++) {
            String s = c[0] + String.format("%02d", ck) + bban;
            if (Checks.ibanMod97(s)) {
                iban = s;
                break;
            }
        }
        sb.append(r.nextBoolean() ? iban.replaceAll("(.{4})(?=.)", "$1 ") : iban);
    }

    private void publicIpv4() {
        int a;
        do {
            a = 1 + r.nextInt(223);
        } while (a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 || a == 198 || a == 203);
        sb.append(a).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(1 + r.nextInt(254));
    }

    private void nino() {
        String first = "ABCEGHJKLMNPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        String pre;
        do {
            pre = rnd(first, 1) + rnd(second, 1);
        } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(pre));
        String d = rnd(DI, 6);
        String suffix = rnd("ABCD", 1);
        sb.append(r.nextBoolean() ? pre + d + suffix
                : pre + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " " + suffix);
    }

    private void pan() {
        sb.append(rnd(UP, 3)).append(rnd("ABCFGHLJPT", 1)).append(rnd(UP, 1)).append(rnd(DI, 4)).append(rnd(UP, 1));
    }

    private void aadhaar() {
        String d;
        do {
            d = rnd("23456789", 1) + rnd(DI, 11);
        } while (!Checks.verhoeff(d));
        sb.append(r.nextBoolean() ? d : d.substring(0, 4) + " " + d.substring(4, 8) + " " + d.substring(8));
    }

    private void germanTaxId() {
        String d;
        do {
            d = rnd("123456789", 1) + rnd(DI, 10);
        } while (!Checks.germanTaxId(d));
        sb.append(d);
    }

    private void randomPassword() {
        int k = r.nextInt(4);
        String v = switch (k) {
            case 0 -> rnd(AN, 20 + r.nextInt(21));
            case 1 -> rnd(AN + "!#%^*-_+", 12 + r.nextInt(20));
            case 2 -> rnd(HEX, r.nextBoolean() ? 32 : 64);
            default -> Base64.getEncoder().encodeToString(rnd(AN, 24 + r.nextInt(12)).getBytes(StandardCharsets.US_ASCII));
        };
        // at least one digit and one letter, as generated secrets and passwords have
        if (!v.matches(".*\\d.*")) {
            v = v.substring(1) + r.nextInt(10);
        }
        sb.append(v);
    }

    private void uuid() {
        String u = new UUID(r.nextLong(), r.nextLong()).toString();
        sb.append(r.nextInt(4) == 0 ? u.toUpperCase(Locale.ROOT) : u);
    }

    private void timestamp() {
        int y = 2019 + r.nextInt(7);
        int mo = 1 + r.nextInt(12);
        int d = 1 + r.nextInt(28);
        int h = r.nextInt(24);
        int mi = r.nextInt(60);
        int s = r.nextInt(60);
        sb.append(switch (r.nextInt(6)) {
            case 0 -> String.format("%d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, r.nextInt(1000));
            case 1 -> String.format("%d-%02d-%02d %02d:%02d:%02d,%03d", y, mo, d, h, mi, s, r.nextInt(1000));
            case 2 -> String.format("%d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
            case 3 -> String.format("%02d/%02d/%d %02d:%02d", d, mo, y, h, mi);
            case 4 -> String.format("%d-%02d-%02d", y, mo, d);
            default -> String.format("%d-%02d-%02dT%02d:%02d:%02d+%02d:00", y, mo, d, h, mi, s, r.nextInt(12));
        });
    }

    private void version() {
        sb.append(switch (r.nextInt(6)) {
            case 0 -> "v" + r.nextInt(12) + "." + r.nextInt(30) + "." + r.nextInt(20);
            case 1 -> r.nextInt(5) + "." + r.nextInt(30) + "." + r.nextInt(20) + "-rc." + (1 + r.nextInt(5));
            case 2 -> (2019 + r.nextInt(7)) + "." + (1 + r.nextInt(4)) + "." + r.nextInt(10) + "." + r.nextInt(9000);
            case 3 -> (1 + r.nextInt(20)) + "." + r.nextInt(10) + "." + r.nextInt(100) + "." + r.nextInt(10000);
            case 4 -> (8 + r.nextInt(14)) + ".0." + r.nextInt(30) + "+" + r.nextInt(40);
            default -> r.nextInt(10) + "." + r.nextInt(100) + "." + r.nextInt(1000);
        });
    }

    private void buildNumber() {
        sb.append(switch (r.nextInt(5)) {
            case 0 -> "#" + (1000 + r.nextInt(900000));
            case 1 -> String.format("%d%02d%02d.%d", 2019 + r.nextInt(7), 1 + r.nextInt(12), 1 + r.nextInt(28), 1 + r.nextInt(20));
            case 2 -> String.valueOf(1_000_000 + r.nextInt(900_000_000));
            case 3 -> "b" + (100 + r.nextInt(99000));
            default -> (2019 + r.nextInt(7)) + "." + (1 + r.nextInt(12)) + "." + (1 + r.nextInt(400));
        });
    }

    private void orderNumber() {
        sb.append(switch (r.nextInt(5)) {
            case 0 -> "#" + (10_000_000 + r.nextInt(89_999_999));
            case 1 -> "ORD-" + (2019 + r.nextInt(7)) + "-" + String.format("%07d", r.nextInt(9_999_999));
            case 2 -> "PO " + (4_500_000_000L + r.nextInt(99_999_999));
            case 3 -> "INV-" + (2019 + r.nextInt(7)) + "-" + String.format("%06d", r.nextInt(999_999));
            default -> String.valueOf(100_000_000L + (long) (r.nextDouble() * 9_899_999_999L));
        });
    }

    private void numberCell() {
        sb.append(switch (r.nextInt(4)) {
            case 0 -> String.format(Locale.US, "%,d", (long) (r.nextDouble() * 9e9));
            case 1 -> String.valueOf((long) (r.nextDouble() * 99_999_999_999L));
            case 2 -> String.valueOf(r.nextInt(100_000));
            default -> String.format(Locale.ROOT, "%.2f", r.nextDouble() * 1e7);
        });
    }

    private void privateIp() {
        sb.append(switch (r.nextInt(4)) {
            case 0 -> "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            case 1 -> "172." + (16 + r.nextInt(16)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            case 2 -> "192.168." + r.nextInt(256) + "." + (1 + r.nextInt(254));
            default -> "127.0.0.1";
        });
    }

    private void privateIpUrl() {
        sb.append(pick(new String[] {"jdbc:postgresql://", "redis://", "mongodb://", "http://", "amqp://"}));
        privateIp();
        sb.append(':').append(pick(new String[] {"5432", "6379", "27017", "8080", "5672"})).append('/').append(word());
    }

    private void placeholder() {
        sb.append(switch (r.nextInt(12)) {
            case 0 -> "${" + word().toUpperCase(Locale.ROOT) + "_" + pick(new String[] {"PASSWORD", "TOKEN", "SECRET"}) + "}";
            case 1 -> "<your-" + pick(new String[] {"token", "api-key", "password", "secret"}) + ">";
            case 2 -> "changeme";
            case 3 -> "x".repeat(8 + r.nextInt(24));
            case 4 -> "*".repeat(8 + r.nextInt(8));
            case 5 -> "{{ .Values." + word() + "." + pick(new String[] {"password", "token"}) + " }}";
            case 6 -> "${{ secrets." + word().toUpperCase(Locale.ROOT) + "_TOKEN }}";
            case 7 -> "REPLACE_ME";
            case 8 -> "%" + word().toUpperCase(Locale.ROOT) + "_SECRET%";
            case 9 -> "<" + word() + "-password>";
            case 10 -> "$" + word().toUpperCase(Locale.ROOT) + "_KEY";
            default -> "TODO-set-in-vault";
        });
    }

    private void reference() {
        sb.append(switch (r.nextInt(5)) {
            case 0 -> "vault:secret/data/" + word() + "/" + word() + "#password";
            case 1 -> "arn:aws:secretsmanager:eu-west-1:" + rnd(DI, 12) + ":secret:" + word() + "-" + rnd(AN, 6);
            case 2 -> "ref+awsssm://" + word() + "/" + word();
            case 3 -> "@Microsoft.KeyVault(SecretUri=https://" + word() + ".vault.azure.net/secrets/" + word() + ")";
            default -> "/run/secrets/" + word() + "_" + pick(new String[] {"password", "token"});
        });
    }

    private void documentedExample() {
        if (r.nextBoolean()) {
            sb.append(pick(DOCUMENTED_EXAMPLES));
        } else {
            // vendor documentation style: a key shape ending in EXAMPLE
            sb.append("AKIA").append(rnd(UP + "234567", 9)).append("EXAMPLE");
        }
    }

    private void testModeKey() {
        sb.append(pick(new String[] {"sk_test_", "rk_test_"})).append(rnd(AN, 24 + r.nextInt(76)));
    }

    private void wordValue() {
        sb.append(word()).append(pick(new String[] {"-", "_", ".", ""})).append(pick(new String[] {"after", "before",
            "rolling", "weekly", "readonly", "enabled", "strict", "lenient", "primary", "fallback", "header"}));
    }

    // ------------------------------------------------------------------ helpers

    private String word() {
        return pick(WORDS);
    }

    private <T> T pick(T[] a) {
        return a[r.nextInt(a.length)];
    }

    String rnd(String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String camel(String snake) {
        StringBuilder s = new StringBuilder();
        boolean up = false;
        for (char c : snake.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                s.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return s.toString();
    }

    /** Text as the storage format writes it outside CDATA: {@code & < > "} as entities. */
    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Runs {@code write} and escapes what it wrote as {@link #xml}, moving the labels it added with their text. */
    private void escaped(Runnable write) {
        int start = sb.length();
        int firstLabel = labels.size();
        write.run();
        String raw = sb.substring(start);
        sb.setLength(start);
        sb.append(xml(raw));
        for (int i = firstLabel; i < labels.size(); i++) {
            Label l = labels.get(i);
            labels.set(i, new Label(l.kind(), l.type(), l.generator(), start + xml(raw.substring(0, l.start() - start)).length(),
                    start + xml(raw.substring(0, l.end() - start)).length()));
        }
    }
}
