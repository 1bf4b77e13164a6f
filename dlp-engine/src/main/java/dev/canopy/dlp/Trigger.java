package dev.canopy.dlp;

/** How the engine finds candidates for a detector. */
public enum Trigger {
    /** Keyword hits of the Aho-Corasick prefilter open a window in which the pattern is confirmed. */
    KEYWORD,
    /** No keywords: the (linear-time) pattern runs over the whole text. */
    FULL_TEXT,
    /** Built-in PII: candidates come from the engine's character-class scanners (digits, '@', ':', letter+digit). */
    CHAR_CLASS
}
