#!/usr/bin/env bash
# Every benchmark (or those named) on SQLite and on PostgreSQL, figures side by side.
#
#   scripts/bench-both.sh [NAME ...]        (make bench-both)
#
# SQLite: the embedded default database (BIAOZHUN_VAR_DIR, default var/).
# PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/biaozhun_bench,
# created when missing; never point it at a database other runs use, e.g. CI's `test`).
# Each database gets its catalogue with `biaozhun setup` (idempotent: seconds when loaded),
# then `biaozhun bench --json`; the runs are kept as var/bench/<time>-sqlite.json and
# -postgresql.json and compared (`biaozhun bench --compare`) into var/bench/<time>.md, with
# the date, the machine and its load before each run. docs/benchmarks.md shows such a table.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=(uv run --frozen)
command -v uv >/dev/null 2>&1 || PY=(python3 -m uv run --frozen)
PG_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/biaozhun_bench}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${BIAOZHUN_VAR_DIR:-var}/bench"
mkdir -p "$OUT"

if [[ "$PG_URL" == postgres://* || "$PG_URL" == postgresql://* ]]; then
  name="${PG_URL##*/}"
  name="${name%%\?*}"
  server="${PG_URL%/*}"
  psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 \
    || psql "$server/postgres" -c "CREATE DATABASE \"$name\"" >/dev/null
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }

run() {  # run LABEL DATABASE_URL|"" [NAME ...]
  local label="$1" url="$2"
  shift 2
  local db=(env -u DATABASE_URL)
  [[ -n "$url" ]] && db=(env DATABASE_URL="$url")
  echo "== $label: setup" >&2
  "${db[@]}" "${PY[@]}" biaozhun setup >&2
  echo "$label: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before the run $(load)" \
    | tee -a "$OUT/$STAMP.md" >&2
  "${db[@]}" "${PY[@]}" biaozhun bench "$@" --json >"$OUT/$STAMP-$label.json"
  echo >>"$OUT/$STAMP.md"
}

{
  echo "# biaozhun bench on SQLite and PostgreSQL, $(date -u '+%Y-%m-%d')"
  echo
  echo "$(nproc) CPUs, $(free -g | awk '/Mem/ {print $2}') GiB; load average at start $(load)"
  echo
} >"$OUT/$STAMP.md"

run sqlite "" "$@"
run postgresql "$PG_URL" "$@"
echo "load average at the end $(load)" >>"$OUT/$STAMP.md"
echo >>"$OUT/$STAMP.md"
"${PY[@]}" biaozhun bench --compare "$OUT/$STAMP-sqlite.json" "$OUT/$STAMP-postgresql.json" \
  --labels SQLite PostgreSQL >>"$OUT/$STAMP.md"
cat "$OUT/$STAMP.md"
