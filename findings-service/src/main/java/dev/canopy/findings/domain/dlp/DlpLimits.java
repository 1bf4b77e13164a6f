package dev.canopy.findings.domain.dlp;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.canopy.dlp.ScanBudget;
import dev.canopy.dlp.limits.RuleLimits;
import dev.canopy.findings.config.FindingsConfig;

/**
 * The DLP limits of this deployment (configuration, see the service README): what a tenant's rules must fit at save
 * time, how many of them a tenant may have, and the time budget of every scanned text.
 */
@ApplicationScoped
public class DlpLimits {
    @Inject
    FindingsConfig config;

    public RuleLimits rules() {
        RuleLimits d = RuleLimits.DEFAULTS;
        FindingsConfig.Dlp dlp = config.dlp();
        return new RuleLimits(dlp.maxProgramSize(), dlp.maxKeywordlessInstructions() * RuleLimits.ONE_MIB,
                d.maxRegexLength(), d.maxNesting(), dlp.maxKeywordsPerRule(), d.maxKeywordLength(),
                dlp.maxRulesPerRuleset(), dlp.gateBuildCpu());
    }

    public int maxCustomRules() {
        return config.dlp().maxCustomRules();
    }

    public int maxRuleSets() {
        return config.dlp().maxRulesets();
    }

    public int maxAllowlistEntries() {
        return config.dlp().maxAllowlistEntries();
    }

    public Duration ruleBudget() {
        return config.dlp().ruleBudget();
    }

    public Duration textBudget() {
        return config.dlp().textBudget();
    }

    /** A fresh budget for one text (a REST scan or one content version). */
    public ScanBudget newBudget() {
        return new ScanBudget(config.dlp().ruleBudget(), config.dlp().textBudget());
    }
}
