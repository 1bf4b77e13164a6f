package dev.canopy.findings.domain.dlp;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.canopy.dlp.ScanBudget;
import dev.canopy.dlp.limits.RuleLimits;

/**
 * The DLP limits of this deployment (configuration, see the service README): what a tenant's rules must fit at save
 * time, how many of them a tenant may have, and the time budget of every scanned text.
 */
@ApplicationScoped
public class DlpLimits {
    @ConfigProperty(name = "findings.dlp.max-custom-rules", defaultValue = "50")
    int maxCustomRules;

    @ConfigProperty(name = "findings.dlp.max-rulesets", defaultValue = "10")
    int maxRuleSets;

    @ConfigProperty(name = "findings.dlp.max-rules-per-ruleset", defaultValue = "500")
    int maxRulesPerRuleSet;

    @ConfigProperty(name = "findings.dlp.max-keywords-per-rule", defaultValue = "50")
    int maxKeywordsPerRule;

    @ConfigProperty(name = "findings.dlp.max-program-size", defaultValue = "10000")
    long maxProgramSize;

    @ConfigProperty(name = "findings.dlp.max-keywordless-instructions", defaultValue = "64")
    long maxKeywordlessInstructions;

    @ConfigProperty(name = "findings.dlp.rule-budget", defaultValue = "PT2S")
    Duration ruleBudget;

    @ConfigProperty(name = "findings.dlp.text-budget", defaultValue = "PT10S")
    Duration textBudget;

    public RuleLimits rules() {
        RuleLimits d = RuleLimits.DEFAULTS;
        return new RuleLimits(maxProgramSize, maxKeywordlessInstructions * RuleLimits.ONE_MIB, d.maxRegexLength(),
                d.maxNesting(), maxKeywordsPerRule, d.maxKeywordLength(), maxRulesPerRuleSet);
    }

    public int maxCustomRules() {
        return maxCustomRules;
    }

    public int maxRuleSets() {
        return maxRuleSets;
    }

    public Duration ruleBudget() {
        return ruleBudget;
    }

    public Duration textBudget() {
        return textBudget;
    }

    /** A fresh budget for one text (a REST scan or one content version). */
    public ScanBudget newBudget() {
        return new ScanBudget(ruleBudget, textBudget);
    }
}
