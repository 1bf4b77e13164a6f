package dev.canopy.findings.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/**
 * Everything under {@code findings.*}. The defaults and the environment variable of each setting are in
 * {@code application.properties} only (as {@code ${FINDINGS_...:default}}), so they are written once; the service
 * README lists them. Every {@code findings.*} property must be declared here (SmallRye refuses unknown ones in a
 * mapped namespace, which catches misspelt settings at start-up).
 */
@ConfigMapping(prefix = "findings")
public interface FindingsConfig {
    Dlp dlp();

    Outbox outbox();

    Evaluation evaluation();

    Housekeeping housekeeping();

    Detections detections();

    interface Detections {
        /** How often each replica reloads every tenant's detection settings (other replicas' changes). */
        String settingsRefresh();
    }

    interface Dlp {
        /** Longest text {@code POST /dlp/scan} accepts. */
        int scanMaxChars();

        /** Longest gitleaks rule set an import accepts, in bytes. */
        int rulesetMaxBytes();

        /** Matches below this confidence are not findings. */
        double minConfidence();

        /** How long the chunks of an incomplete content version are held before it is given up. */
        Duration incompleteContentTimeout();

        /** Longest content version (characters of the whole text) assembled for a scan; a longer one is dead-lettered. */
        long maxContentChars();

        /** Base64 of at least 32 random bytes, the server secret behind every tenant's fingerprint key. */
        String fingerprintKey();

        int maxCustomRules();

        int maxRulesets();

        /** Entries of a tenant's "not a secret" allowlist (POST /dlp/allowlist). */
        @io.smallrye.config.WithDefault("1000")
        int maxAllowlistEntries();

        int maxRulesPerRuleset();

        int maxKeywordsPerRule();

        /**
         * CPU time a tenant's rule compile may spend on DFA gates (a speed-up, not needed for a finding): per import,
         * and per engine build for all of the tenant's sets and rules it compiles.
         */
        Duration gateBuildCpu();

        /** RE2 program size (instructions) a rule may compile to. */
        long maxProgramSize();

        /** Program size of a rule without keywords (it runs over every byte), in instructions. */
        long maxKeywordlessInstructions();

        /** Threads of each DLP scan pool (REST and content). */
        int scanThreads();

        /** Queue of the REST scan pool; a full queue answers 503. */
        int scanQueue();

        /** Time budget of one rule over one text. */
        Duration ruleBudget();

        /** Time budget of all rules over one text. */
        Duration textBudget();
    }

    interface Outbox {
        /** Changes relayed to Kafka per transaction. */
        int batchSize();

        /** How often the relay looks for unpublished changes (read by its {@code @Scheduled} expression). */
        Duration pollInterval();
    }

    interface Evaluation {
        /** How long a completed sync run waits for its missing events before it is evaluated anyway. */
        Duration maxWait();
    }

    interface Housekeeping {
        /** How often overdue runs, expired suppressions and old outbox rows are handled (read by its
         * {@code @Scheduled} expression). */
        Duration interval();
    }
}
