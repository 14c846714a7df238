#!/usr/bin/env bash
# bench/run.sh — provctl's performance evidence (issues 8 and 18; spec.md, "Performance").
#
# Starts a throwaway PostgreSQL (initdb + pg_ctl in a temp dir; as root the server runs as the
# `postgres` user), loads src/db/schema.sql and a generated dataset (bench/dataset.sql), builds provctl
# in release mode and the floor (bench/pg-floor: a bare client on provctl's `postgres` crate), then
# measures, interleaving the variants (A B C, rotating) and quoting medians and ratios:
#   - audits: each audit command (users --email, users, keys list, machines, ingest-count, ingest-events,
#     verify-hash --email, verify-hash --all on 1k users, doctor) run by provctl, by the floor and by the
#     real psql binary, all three sending provctl's own statement (checked in the server's statement
#     log); process start and one round trip; what the default sslmode=prefer costs;
#   - memory: peak RSS (`/usr/bin/time -f %M`) of verify-hash --all, keys list, users, machines,
#     ingest-events in table, JSON and CSV (and keys export) at 1k, 10k, 100k, 1M rows (× BENCH_SCALE),
#     in a database of its own grown step by step (bench/memory.sql);
#   - reset: reset-client against psql running the same four statements (bench/reset_equivalent.sql)
#     on identical copies with incidents on the machines (bench/incidents.sql), without and with an
#     index on ingest_events.machine_id; a statement-level profile of both; the runbook's own SQL once;
#   - provision of 200 INIs: Ctrl-C during the hashing phase (signal to exit, nothing committed); the
#     first run (bcrypt cost 12 over the cores) against 200 × one hash / cores (bench/bcrypt-one); a re-run
#     with nothing to create;
#   - profile: provctl next to the floor per audit command in counts independent of the machine's load:
#     statements, syscalls and threads (strace), page faults, instructions (valgrind), when installed.
# It writes docs/performance.md (and bench/results/scale-<S>.json, whose other scales the doc also
# quotes). It installs nothing: missing tools are named and it stops.
#
# Usage:  bench/run.sh                      # the issue's sizes (200k users, 300k events, 1M-row memory
#                                           # series…): ~15–25 min on 2 cores
#         BENCH_SCALE=0.1 bench/run.sh      # every size × 0.1 (memory series to 100k): a quick run
# Needs:  PostgreSQL server binaries and psql, python3, /usr/bin/time (package `time`), cargo, git;
#         strace and valgrind for the profile's syscall and instruction counts (skipped without them).
# Knobs:  BENCH_SCALE (1), BENCH_RUNS audit rounds (31), BENCH_RESET_RUNS reset pairs (7),
#         BENCH_INIS (200 × scale), BENCH_MEM_MAX largest memory point (1M × scale),
#         PROVCTL_BIN (skip the build and use this binary), CARGO_TARGET_DIR (/tmp/bench-target),
#         PG_BIN (/usr/lib/postgresql/<highest>/bin), BENCH_OUT (docs/performance.md),
#         BENCH_KEEP=1 (leave the work dir for inspection),
#         BENCH_ONLY=audits,memory,reset,provision,profile (a subset: prints JSON, writes no doc),
#         BENCH_PROVCTL_ALT=/path/to/provctl (an experimental build, e.g. from a scratch copy with a src
#         change: measured as a fourth variant of every audit command and against this build's
#         provision re-run, interleaved).
# Re-render the doc from the stored results after editing bench/notes.md (no measurement):
#         python3 -B bench/bench.py --render bench/results/scale-1.json docs/performance.md
# Connection: the three clients use TCP 127.0.0.1 with SCRAM password authentication and the same URL
# (sslmode=disable: the server has no TLS; the default prefer is measured apart).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
scale=${BENCH_SCALE:-1}

say() { printf '%s\n' "bench: $*" >&2; }
die() { printf '%s\n' "bench: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tools (nothing is installed here)
missing=()
pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
for tool in initdb pg_ctl postgres; do
    [ -n "$pg_bin" ] && [ -x "$pg_bin/$tool" ] || missing+=("$tool (Debian: apt-get install postgresql; or set PG_BIN)")
done
command -v psql >/dev/null || missing+=("psql (Debian: apt-get install postgresql-client)")
command -v python3 >/dev/null || missing+=("python3 (Debian: apt-get install python3)")
[ -x /usr/bin/time ] || missing+=("/usr/bin/time, for peak RSS (Debian: apt-get install time)")
command -v cargo >/dev/null || missing+=("cargo (https://rustup.rs): it builds provctl (unless PROVCTL_BIN) and the baselines")
command -v git >/dev/null || missing+=("git (Debian: apt-get install git)")
if [ "$(id -u)" = 0 ]; then
    command -v runuser >/dev/null || missing+=("runuser (Debian: util-linux)")
    id postgres >/dev/null 2>&1 || missing+=("the 'postgres' system user (created by: apt-get install postgresql)")
fi
if [ ${#missing[@]} -gt 0 ]; then
    printf 'bench: missing tools — install them and re-run (this script installs nothing):\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
fi
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)" "$scale" 2>/dev/null \
    || die "BENCH_SCALE must be a positive number (got '$scale')"

# ---------------------------------------------------------------- build
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/bench-target}
if [ -n "${PROVCTL_BIN:-}" ]; then
    provctl=$PROVCTL_BIN
else
    say "building provctl (cargo build --release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
    (cd "$repo" && cargo build --release --quiet)
    provctl=$CARGO_TARGET_DIR/release/provctl
fi
say "building the baselines (bench/pg-floor, bench/bcrypt-one: the crates provctl uses)"
cargo build --release --quiet --manifest-path "$here/pg-floor/Cargo.toml"
cargo build --release --quiet --manifest-path "$here/bcrypt-one/Cargo.toml"
floor=$CARGO_TARGET_DIR/release/pg-floor
bcrypt_one=$CARGO_TARGET_DIR/release/bcrypt-one

# ---------------------------------------------------------------- throwaway cluster
work=$(mktemp -d "${TMPDIR:-/tmp}/provctl-bench.XXXXXX")
chmod 0711 "$work"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    as_pg=(runuser -u postgres --)
fi
pgdata=$work/data
sock=$work/sock
mkdir -p "$sock" "$pgdata"
: >"$work/server.log"
password=$(python3 -c "import secrets; print(secrets.token_hex(16))")
printf '%s\n' "$password" >"$work/pwfile"
chmod 0600 "$work/pwfile"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$sock" "$pgdata" "$work/pwfile" "$work/server.log"
fi

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -f "$pgdata/postmaster.pid" ]; then
        "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        say "BENCH_KEEP=1: left $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
user=bench
say "initdb + start PostgreSQL ($pg_bin) on 127.0.0.1:$port in $work"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U "$user" --pwfile="$work/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale --no-sync \
    >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; die "initdb failed"; }
# Throwaway data: no fsync (as the test cluster). autovacuum off so that it never runs during a
# measurement (the dataset is vacuumed and analysed once, after loading).
pg_opts="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock"
pg_opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
pg_opts+=" -c shared_buffers=256MB -c max_wal_size=8GB -c checkpoint_timeout=1h -c autovacuum=off"
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$work/server.log" -o "$pg_opts" -w start >/dev/null \
    || { tail -n 30 "$work/server.log" >&2; die "PostgreSQL did not start"; }

# Admin work goes over the socket (trust); measurements over TCP with the password (see bench.py).
export PGHOST=$sock PGPORT=$port PGUSER=$user
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }

# ---------------------------------------------------------------- dataset
n() { python3 -c "import sys; print(max(1, round(float(sys.argv[1]) * float(sys.argv[2]))))" "$1" "$scale"; }
users=$(n 200000) bulk_keys=$(n 200000) machines=$(n 300) events=$(n 300000)
instances=$(n 30000) samples=$(n 600000)
say "dataset (BENCH_SCALE=$scale): $users users, $bulk_keys keys of one client, $machines machines," \
    "$events ingest events, $instances metric instances, $samples samples"
t0=$(date +%s)
psql_admin postgres -c "CREATE DATABASE bench_schema"
psql_admin bench_schema -f "$repo/src/db/schema.sql" >/dev/null
psql_admin postgres -c "CREATE DATABASE bench_tpl TEMPLATE bench_schema"
psql_admin bench_tpl -f "$here/dataset.sql" -v users="$users" -v bulk_keys="$bulk_keys" \
    -v machines="$machines" -v events="$events" -v instances="$instances" -v samples="$samples" >/dev/null
say "dataset loaded in $(( $(date +%s) - t0 )) s"

# ---------------------------------------------------------------- measurements
export BENCH_SCALE=$scale
python3 -B "$here/bench.py" \
    --provctl "$provctl" --floor "$floor" --bcrypt-one "$bcrypt_one" --repo "$repo" --work "$work" \
    --pg-bin "$pg_bin" --port "$port" --user "$user" --password "$password" --socket "$sock" \
    --out "${BENCH_OUT:-$repo/docs/performance.md}"
