-- The relay deletes a change once Kafka has acknowledged it, instead of setting published_at and purging the row 7
-- days later. Nothing read published rows (the findings topic and finding_history hold what was sent), and keeping them
-- cost a second write of every change: published_at is in the partial index's predicate, so marking a row was a
-- non-HOT update (a new row version and a primary-key entry) on a table that held a week of OCSF records (~2.8 KB
-- each: 440 MB after the content benchmark's 159,000 findings). Published rows left by the previous version are
-- deleted here. A replica of the previous version still running during a rolling upgrade cannot relay any more (its
-- statements name published_at): the upgraded replicas take the relay lock and send everything.
delete from finding_outbox where published_at is not null;
drop index finding_outbox_unpublished;
alter table finding_outbox drop column published_at;
