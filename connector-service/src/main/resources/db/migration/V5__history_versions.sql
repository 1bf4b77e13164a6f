-- how many earlier versions of each page the history scan reads for this connection; null: the deployment default
-- (canopy.sync.history-max-versions), 0: page history off
alter table connection add column history_max_versions integer;
