package dev.canopy.inventory.api;

/**
 * Size and shape limits of every request parameter (Bean Validation; a violation answers 400 problem+json naming the
 * parameter). Ids are Atlassian ids or ours: printable, no control characters.
 */
final class Limits {
    /** Free-text filters (names, statuses, roles, domains). */
    static final int TEXT = 500;
    /** Ids (account, site, group, team, entity ids). */
    static final int ID = 200;
    static final String ID_PATTERN = "[^\\p{Cntrl}]+";
    /** Entity type names of the entities/{type} path. */
    static final String TYPE_PATTERN = "[a-z][a-z-]{0,63}";
    /** A sort name, '-' prefixed for descending. */
    static final String SORT_PATTERN = "-?[A-Za-z][A-Za-z0-9_.]{0,63}";
    static final int CURSOR = 1024;
    /** Numbers and booleans arrive as text and are parsed (with their own 400s) after this cap. */
    static final int SCALAR = 16;

    private Limits() {
    }
}
