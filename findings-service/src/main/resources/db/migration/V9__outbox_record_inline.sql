-- An outbox record (the OCSF JSON of a change, ~2.3-2.8 KB for a DLP finding) lives from its change's commit until the
-- relay has sent it (V8: then it is deleted). Over ~2 KB PostgreSQL compressed it (pglz) and moved it to the TOAST
-- table: in the content benchmark (3,000 pages, 9,202 DLP findings per drain) pglz_compress alone was ~11 % of the
-- database's CPU (perf), plus a second heap and index insert per row and a decompression on every relay read, to save
-- space on rows that live about a second. It now stays inline and uncompressed up to the largest inline row (8,160
-- bytes); a larger record still goes to the TOAST table, uncompressed. Measured on PostgreSQL 17 alone (10,000 rows of
-- 2.3 KB records in batches of 50, then read and deleted in batches of 500, as the relay does; 4 rounds each):
-- 434-555 + 127-141 ms compressed, 278-426 + 93-98 ms inline, i.e. ~57 -> ~38 us of database time per change.
-- (Tried before V8, while a sent row was still updated: slower, as that update copied the whole inline record.)
alter table finding_outbox alter column record_value set storage external;
alter table finding_outbox set (toast_tuple_target = 8160);
