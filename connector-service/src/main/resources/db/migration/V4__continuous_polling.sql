-- continuous detection: every connection polls its change feeds (content changes, audit events) about once a minute
-- poll_interval_seconds: 0 switches polling off; poll_backoff doubles the interval after a throttled or failed poll
alter table connection add column poll_interval_seconds integer not null default 60;
alter table connection add column next_poll_at           timestamptz;
alter table connection add column poll_backoff           integer not null default 0;
alter table connection add column last_polled_at         timestamptz;
