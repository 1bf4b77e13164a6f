package dev.canopy.simulator.model;

/** Confluence content types; {@code v1Type} is the name CQL and the v1 API use. */
public enum ContentKind {
    PAGE("page"), BLOGPOST("blogpost"), FOOTER_COMMENT("comment"), INLINE_COMMENT("comment"), ATTACHMENT("attachment");

    public final String v1Type;

    ContentKind(String v1Type) {
        this.v1Type = v1Type;
    }

    public boolean isComment() {
        return this == FOOTER_COMMENT || this == INLINE_COMMENT;
    }
}
