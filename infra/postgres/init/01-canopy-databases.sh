#!/usr/bin/env bash
# Runs once, on the first start of an empty data directory (postgres image's /docker-entrypoint-initdb.d).
# One database and one owning role per service: each service owns its own database and sees no other.
# Passwords come from the environment (CONNECTOR_DB_PASSWORD, ...), never from this file.
set -euo pipefail

create_db() { # service-short-name password
  local name="canopy_$1" password="$2"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=role="$name" --set=password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
}

create_db connector "${CONNECTOR_DB_PASSWORD:?CONNECTOR_DB_PASSWORD is required}"
create_db inventory "${INVENTORY_DB_PASSWORD:?INVENTORY_DB_PASSWORD is required}"
create_db findings "${FINDINGS_DB_PASSWORD:?FINDINGS_DB_PASSWORD is required}"
create_db notifier "${NOTIFIER_DB_PASSWORD:?NOTIFIER_DB_PASSWORD is required}"
