package dev.canopy.dlp;

/** What a detector looks for. */
public enum Category { SECRET, PII, CUSTOM }
