package dev.canopy.findings.domain.dlp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.canopy.dlp.Category;
import dev.canopy.dlp.Detector;
import dev.canopy.dlp.Explanation;
import dev.canopy.dlp.Match;
import dev.canopy.findings.domain.FindingDraft;
import dev.canopy.contracts.events.data.ContentData;
import dev.canopy.contracts.events.data.ContentTypes;
import dev.canopy.findings.store.FindingKind;
import dev.canopy.findings.store.FindingSeverity;
import dev.canopy.findings.domain.Fingerprints;

/**
 * Turns DLP matches of one content version into finding drafts. One finding per tenant + detector + content item +
 * evidence hash: the same secret twice on a page is one finding (with the count), the same secret on another page
 * is another finding. Only masked evidence and the keyed hash (HMAC with a key derived from the server's
 * fingerprint key, see {@link DlpEngines}) are kept; {@code evidence.fingerprintScheme} = {@value #FINGERPRINT_SCHEME}
 * marks findings keyed that way.
 */
public final class DlpDrafts {
    /** Version of the evidence fingerprint: 2 = keyed HMAC (findings without the field are of the former scheme). */
    public static final int FINGERPRINT_SCHEME = 2;

    private DlpDrafts() {
    }

    /**
     * The content item a scan was about. {@code status} {@code historical} marks an earlier version a page's history
     * keeps ({@code contentId} {@code <id>@v<n>}; {@code author}/{@code modified} who published it and when);
     * {@code spaceId} is the Confluence space, {@code projectKey} the Jira project.
     */
    public record ContentRef(String siteId, String contentId, String contentType, int version, String title,
            String webUrl, String status, String author, Instant modified, String spaceId, String projectKey) {
        public ContentRef(String siteId, String contentId, String contentType, int version, String title, String webUrl) {
            this(siteId, contentId, contentType, version, title, webUrl, null, null, null, null, null);
        }

        public String key() {
            return siteId + ":" + contentId;
        }

        public boolean historical() {
            return ContentData.HISTORICAL.equals(status);
        }

        /** {@code jira} or {@code confluence}. */
        public String product() {
            return ContentTypes.product(contentType);
        }
    }

    public static List<FindingDraft> of(String tenantId, ContentRef content, List<Match> matches,
            Map<String, Detector> detectors) {
        Map<String, FindingDraft> byFingerprint = new LinkedHashMap<>();
        Map<String, Integer> occurrences = new LinkedHashMap<>();
        for (Match m : matches) {
            String fingerprint = Fingerprints.dlp(tenantId, m.detectorId(), content.key(), m.evidence().fingerprint());
            occurrences.merge(fingerprint, 1, Integer::sum);
            byFingerprint.putIfAbsent(fingerprint, draft(fingerprint, content, m, detectors.get(m.detectorId())));
        }
        return byFingerprint.values().stream().map(d -> withOccurrences(d, occurrences.get(d.fingerprint()))).toList();
    }

    /**
     * Finding fingerprints under the former evidence scheme mapped to the current ones, for the matches that carry a
     * legacy evidence fingerprint (only while the tenant still has findings of the former scheme).
     */
    public static Map<String, String> legacyToCurrent(String tenantId, ContentRef content, List<Match> matches) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Match m : matches) {
            if (m.evidence().legacyFingerprint() != null) {
                out.putIfAbsent(Fingerprints.dlp(tenantId, m.detectorId(), content.key(), m.evidence().legacyFingerprint()),
                        Fingerprints.dlp(tenantId, m.detectorId(), content.key(), m.evidence().fingerprint()));
            }
        }
        return out;
    }

    private static FindingDraft draft(String fingerprint, ContentRef content, Match m, Detector detector) {
        String what = detector != null && detector.title() != null ? detector.title() : m.type();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("contentId", content.contentId());
        evidence.put("siteId", content.siteId());
        evidence.put("contentType", content.contentType());
        evidence.put("contentVersion", content.version());
        evidence.put("product", content.product());
        if (content.spaceId() != null) {
            evidence.put("spaceId", content.spaceId());
        }
        if (content.projectKey() != null) {
            evidence.put("projectKey", content.projectKey());
        }
        if (content.historical()) {
            evidence.put("historical", true);
            evidence.put("versionAuthor", content.author());
            evidence.put("versionDate", content.modified() == null ? null : content.modified().toString());
        }
        evidence.put("detector", m.detectorId());
        evidence.put("type", m.type());
        evidence.put("category", m.category().name().toLowerCase(Locale.ROOT));
        evidence.put("confidence", Math.round(m.confidence() * 100) / 100.0);
        evidence.put("start", m.start());
        evidence.put("end", m.end());
        evidence.put("line", m.line());
        evidence.put("maskedSnippet", m.evidence().maskedSnippet());
        evidence.put("evidenceHash", m.evidence().fingerprint());
        evidence.put("fingerprintScheme", FINGERPRINT_SCHEME);
        if (m.evidence().why() != null) {
            evidence.put("why", why(m.evidence().why()));
        }
        String where = content.historical() ? content.contentType() + " history (version " + content.version() + ")"
                : content.contentType();
        return new FindingDraft(fingerprint, FindingKind.DLP, m.detectorId(), what + " in " + where,
                severity(m, content), content.contentType(), content.key(),
                content.title() != null ? content.title() : content.contentId(),
                "Sensitive data (" + m.type() + ") found in " + content.contentType() + " '" + content.title()
                        + "' version " + content.version() + " at line " + m.line() + "."
                        + (content.historical() ? " This is an earlier version kept in the page history (published "
                                + content.modified() + " by " + content.author() + "): the current version may be clean, "
                                + "but anyone who can view the page can still open this version." : ""),
                content.historical() ? historyRemediation(m, content) : remediation(m), evidence, content.webUrl());
    }

    /**
     * The detector's severity, except for personal data in an earlier version kept in a page history: one level lower
     * (it takes someone browsing the history to find it). A secret keeps its severity there — a credential in the
     * history works exactly as well as one in the current version.
     */
    static FindingSeverity severity(Match m, ContentRef content) {
        FindingSeverity s = FindingSeverity.valueOf(m.severity().name());
        if (content.historical() && m.category() == Category.PII) {
            return s.lower();
        }
        return s;
    }

    private static String historyRemediation(Match m, ContentRef content) {
        String first = m.category() == Category.SECRET
                ? "Revoke or rotate the credential at its issuer first (it must be treated as leaked). Then "
                : "";
        return first + (first.isEmpty() ? "D" : "d") + "elete version " + content.version()
                + " from the page history (page ··· → Page history → Delete); the finding resolves at the next full sync.";
    }

    /**
     * Why a match fired, as stored in {@code evidence.why} and answered by {@code POST /dlp/scan}: detector, trigger,
     * keyword (secret detectors), validator and its result, entropy of the secret part and the detector's threshold,
     * context words that raised / lowered the confidence, the confidence before them, and the encoding the value was
     * decoded from. Nothing of the value itself.
     */
    public static Map<String, Object> why(Explanation x) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("detector", x.detector());
        w.put("trigger", x.trigger());
        if (x.keyword() != null) {
            w.put("keyword", x.keyword());
        }
        w.put("validator", x.validator());
        w.put("validatorResult", x.validatorResult());
        if (x.entropy() != null) {
            w.put("entropy", x.entropy());
        }
        if (x.minEntropy() != null) {
            w.put("minEntropy", x.minEntropy());
        }
        w.put("contextWords", x.contextWords());
        w.put("contextLowering", x.contextLowering());
        w.put("baseConfidence", x.baseConfidence());
        if (x.decoded() != null) {
            w.put("decoded", x.decoded());
        }
        return w;
    }

    private static FindingDraft withOccurrences(FindingDraft d, int count) {
        Map<String, Object> evidence = new LinkedHashMap<>(d.evidence());
        evidence.put("occurrences", count);
        return new FindingDraft(d.fingerprint(), d.kind(), d.ruleId(), d.title(), d.severity(), d.resourceType(),
                d.resourceId(), d.resourceName(), d.description(), d.remediation(), evidence, d.srcUrl());
    }

    private static String remediation(Match m) {
        return switch (m.category()) {
            case SECRET -> "Revoke or rotate the credential at its issuer first (it must be treated as leaked), then "
                    + "remove it from the content and purge old versions from the page history.";
            case PII -> "Remove or redact the personal data, restrict the space or page permissions if it must stay, "
                    + "and purge old versions from the page history.";
            case CUSTOM -> "Remove the matching data according to your organization's policy for this pattern.";
        };
    }
}
