#!/bin/sh
# PostgreSQL backup and restore for 职工服务 (docs/production.md, "Backup and a tested restore").
#
#   scripts/pg-backup.sh backup  postgresql://user@host:5432/worker_services  /backups/ws-$(date +%F).dump
#   scripts/pg-backup.sh restore /backups/ws-2026-11-29.dump  postgresql://user@host:5432/ws_restore
#
# backup: one consistent snapshot in pg_dump's custom format (compressed, restorable table by table).
# restore: into an EMPTY database (create it first: createdb ws_restore); stops at the first error.
# Accepts SQLAlchemy URLs too (postgresql+psycopg://…): the driver suffix is dropped for libpq.
set -eu
command=$1; shift
libpq_url() { printf '%s' "$1" | sed 's#^postgresql+[a-z0-9]*://#postgresql://#'; }
case "$command" in
  backup)
    pg_dump --format=custom --no-owner --no-privileges --file="$2" "$(libpq_url "$1")"
    pg_restore --list "$2" > /dev/null  # the archive is readable
    ;;
  restore)
    pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$(libpq_url "$2")" "$1"
    ;;
  *)
    echo "usage: $0 backup DATABASE_URL FILE | restore FILE DATABASE_URL" >&2; exit 2
    ;;
esac
