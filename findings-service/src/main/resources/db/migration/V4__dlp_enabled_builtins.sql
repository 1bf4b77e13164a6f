-- built-in detectors that are off by default (test-mode keys, private-range IPs, role mailboxes) a tenant switched on
alter table dlp_config add column enabled_builtins jsonb not null default '[]'::jsonb;
