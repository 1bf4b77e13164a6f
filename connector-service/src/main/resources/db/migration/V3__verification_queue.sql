-- verification is asynchronous: a request is a row state, claimed by any replica's verifier workers
-- (for update skip locked) under a lease; a newer request bumps the sequence, so an older in-flight result is discarded
alter table connection add column verification_seq          bigint      not null default 0;
alter table connection add column verification_requested_at timestamptz;
alter table connection add column verification_owner        text;
alter table connection add column verification_lease_until  timestamptz;
create index connection_verification_queue on connection (verification_requested_at)
    where verification_requested_at is not null;
