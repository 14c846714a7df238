#!/usr/bin/env python3
"""The measurements of bench/run.sh, which has started the cluster and loaded databases `bench_schema`
(the schema alone) and `bench_tpl` (the schema and the dataset).

Every timed process is started directly (no shell in between) and reaped with wait4(), which gives its
wall time (start to exit, measured here) and its CPU time. Peak RSS comes from `/usr/bin/time -f %M`
(the "Maximum resident set size" of `time -v`), in runs of their own where timing matters. Comparisons
interleave their variants (A B C, then B C A, C A B, and the same reversed…) so that drift in the
machine's load hits every side alike, and quote medians.

Three clients run each audit command's query: provctl, the floor (bench/pg-floor: the same `postgres`
crate, connect, the same statement, print), and the real psql binary. The floor's and psql's statements
are provctl's own, checked against the server's statement log at run time.

Writes bench/results/scale-<S>.json and, through render.py, docs/performance.md. Standard library only.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import render

BETA = "b0000000-0000-4000-8000-000000000001"
EMAIL = "u0000500@users.example.com"  # user 500: a well-formed hash (every 1000th is truncated)
FORMAT_VERSION = 2  # of the results JSON: the renderer quotes other scales' results of this version only

# provctl's statements, as src/cmd/*.rs send them (the statement log of each run is checked against them).
# The listings filtered on a client (users, keys list, machines) go through db::clients::listing: `$1` is
# the client, compared as `col = $1::uuid` for an id, through `(SELECT id FROM clients WHERE name = $1)`
# for a name, and `$1::text IS NULL` for none (the {client} slot below).
SQL_USERS_T = ("SELECT email, role, is_active, updated_at, client_id::text AS client_id, "
               "(SELECT name FROM clients WHERE clients.id = u.client_id) AS client "
               "FROM (SELECT email, role, is_active, updated_at, client_id FROM users "
               "WHERE ($2::text IS NULL OR email = $2) AND {client} "
               "ORDER BY updated_at DESC LIMIT $3) u ORDER BY updated_at DESC")
SQL_KEYS_T = ("SELECT k.id::text AS id, k.name, k.is_active, k.machine_id::text AS machine_id, k.last_used_at, "
              "m.hostname, k.client_id::text AS client_id, c.name AS client FROM api_keys k "
              "LEFT JOIN machines m ON m.id = k.machine_id LEFT JOIN clients c ON c.id = k.client_id "
              "WHERE {client} AND ($2::text IS NULL OR starts_with(k.name, $2)) "
              "AND (NOT $3 OR k.machine_id IS NOT NULL) ORDER BY k.name, k.id")
SQL_MACHINES_T = ("SELECT m.id::text AS id, m.hostname, m.fingerprint, m.is_active, m.registered_at, m.last_seen, "
                  "m.client_id::text AS client_id, c.name AS client FROM machines m "
                  "LEFT JOIN clients c ON c.id = m.client_id WHERE {client} AND ($2::float8 IS NULL OR "
                  "coalesce(m.last_seen, m.registered_at) < now() - $2::float8 * interval '1 second') "
                  "ORDER BY m.registered_at DESC, m.id")
NO_CLIENT = "$1::text IS NULL"


def by_name(column):
    return f"{column} = (SELECT id FROM clients WHERE name = $1)"


SQL_USERS = SQL_USERS_T.format(client=NO_CLIENT)
SQL_KEYS = SQL_KEYS_T.format(client=by_name("k.client_id"))
SQL_MACHINES = SQL_MACHINES_T.format(client=by_name("m.client_id"))
# ingest-count matches the client in its own statement (one row per client of that name or id).
SQL_INGEST_COUNT = ("SELECT (SELECT count(*) FROM ingest_events e WHERE e.client_id = c.id) AS ingest_count "
                    "FROM clients c WHERE c.name = $1")
SQL_INGEST_EVENTS = ("SELECT created_at, ingest_id, machine_id::text AS machine_id, sent_at FROM ingest_events "
                     "WHERE {client} ORDER BY created_at DESC NULLS LAST, id LIMIT $2").format(client=by_name("client_id"))
SQL_HASH_ONE = "SELECT email, password_hash FROM users WHERE email = $1"
SQL_HASH_ALL_T = "SELECT email, password_hash FROM users WHERE {client} ORDER BY email"
SQL_HASH_ALL = SQL_HASH_ALL_T.format(client=by_name("client_id"))
SQL_EXPORT = ("SELECT name, key, is_active FROM api_keys WHERE ($1::text IS NULL OR client_id = $1::uuid) "
              "AND ($2::text IS NULL OR starts_with(name, $2))")  # the start of `keys export`'s statement
SQL_RESOLVE = "SELECT id::text, name, (id = $1::uuid) AS by_id FROM clients"  # the start of clients::resolve


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def norm(sql):
    return " ".join(sql.split())


def literal(p):
    """A parameter as SQL text, for psql (which gets the statement with its values in place)."""
    if p is None:
        return "NULL"
    kind, v = p
    if kind == "null":
        return f"NULL::{v}"
    if kind == "bool":
        return "true" if v else "false"
    if kind == "int8":
        return str(int(v))
    return "'" + str(v).replace("'", "''") + "'"


def inline(sql, params):
    return re.sub(r"\$(\d+)", lambda m: literal(params[int(m.group(1)) - 1]), sql)


def floor_param(p):
    if p is None:
        return "null"
    kind, v = p
    return f"{kind}:{str(v).lower() if kind == 'bool' else v}"  # ("null", "float8") is null:float8


def parse_log(text):
    """The statements of a server log excerpt (log_statement = all): [(pid, sql, [param values])]; a
    value is None for NULL, else its text."""
    out = []
    for e in re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text):
        m = re.search(r"\[(\d+)\] LOG:  (?:statement|execute [^:]*): (.*)", e, re.S)
        if m:
            out.append([int(m.group(1)), norm(m.group(2)), []])
            continue
        m = re.search(r"\[(\d+)\] DETAIL:  [Pp]arameters: (.*)", e, re.S)
        if m and out and out[-1][0] == int(m.group(1)):
            vals = re.findall(r"\$\d+ = (NULL|'(?:[^']|'')*')", m.group(2))
            out[-1][2] = [None if v == "NULL" else v[1:-1].replace("''", "'") for v in vals]
    return out


class Bench:
    def __init__(self, a):
        self.a = a
        self.scale = float(os.environ.get("BENCH_SCALE", "1"))
        self.runs = int(os.environ.get("BENCH_RUNS", "31"))
        self.reset_runs = int(os.environ.get("BENCH_RESET_RUNS", "7"))
        self.inis = int(os.environ.get("BENCH_INIS", str(max(2, round(200 * self.scale)))))
        self.mem_max = int(float(os.environ.get("BENCH_MEM_MAX", str(1_000_000 * self.scale))))
        self.alt = os.environ.get("BENCH_PROVCTL_ALT") or None
        self.tmp = tempfile.mkdtemp(prefix="m-", dir=a.work)
        # The measured processes run in an empty directory: `doctor` reads the files of the current
        # directory (secrets files), and provctl finds `provisioning/` there.
        self.cwd = tempfile.mkdtemp(prefix="cwd-", dir=a.work)
        self.audit_log = os.path.join(self.tmp, "audit.jsonl")
        self.results = {"format": FORMAT_VERSION, "scale": self.scale}
        # A clean environment for everything measured: no PG* variables, no provctl configuration.
        keep = ("PATH", "HOME", "LANG", "TERM", "USER", "LOGNAME")
        self.base_env = {k: v for k, v in os.environ.items() if k in keep}
        self.base_env["LC_ALL"] = "C.UTF-8"
        self.base_env["PROVCTL_AUDIT_LOG"] = self.audit_log
        self.psql_binary = os.path.join(a.pg_bin, "psql")
        if not os.access(self.psql_binary, os.X_OK):
            raise SystemExit(f"bench: no psql binary in {a.pg_bin} (set PG_BIN)")
        self.server_log = os.path.join(a.work, "server.log")

    # ------------------------------------------------------------------ helpers
    def url(self, db, sslmode="disable"):
        a = self.a
        base = f"postgresql://{a.user}:{a.password}@127.0.0.1:{a.port}/{db}"
        return base + (f"?sslmode={sslmode}" if sslmode else "")

    def psql_url(self, db, sslmode="disable"):
        # The same URL; gssencmode=disable as well, so libpq does not even look for Kerberos credentials.
        u = self.url(db, sslmode)
        return u + ("&" if "?" in u else "?") + "gssencmode=disable"

    def env_for(self, db, sslmode="disable", **extra):
        env = dict(self.base_env)
        env["DATABASE_URL"] = self.url(db, sslmode)
        env.update(extra)
        return env

    @staticmethod
    def admin_env():
        # Synchronous commits for the set-up (cheap: fsync is off), so that a VACUUM in the next session
        # can mark the pages all-visible (the server's default is synchronous_commit = off).
        return {**os.environ, "PGOPTIONS": "-c synchronous_commit=on"}

    def admin(self, db, sql):
        """Runs SQL as the superuser over the Unix socket (not measured); returns stdout."""
        r = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
             "-U", self.a.user, "-d", db, "-c", sql],
            capture_output=True, text=True, env=self.admin_env())
        if r.returncode != 0:
            raise SystemExit(f"bench: admin SQL failed on {db}: {sql}\n{r.stderr}")
        return r.stdout.strip()

    def admin_file(self, db, path, **variables):
        argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
                "-U", self.a.user, "-d", db, "-f", path]
        for k, v in variables.items():
            argv[1:1] = ["-v", f"{k}={v}"]
        r = subprocess.run(argv, capture_output=True, text=True, env=self.admin_env())
        if r.returncode != 0:
            raise SystemExit(f"bench: {path} failed on {db}:\n{r.stderr}")

    def copy_db(self, name, template):
        self.admin("postgres", f"DROP DATABASE IF EXISTS {name}")
        self.admin("postgres", f"CREATE DATABASE {name} TEMPLATE {template}")

    def drop_db(self, name):
        self.admin("postgres", f"DROP DATABASE IF EXISTS {name}")

    def run(self, argv, env, expect=(0,), keep_output=False, rss=False, out_path=None):
        """One process, start to exit: wall s, CPU s, exit code (and output if asked). With rss, the
        process runs under `/usr/bin/time -f %M`, which reports its peak RSS: wait4() here cannot, since a
        child forked from this (large) Python process starts life with its RSS, and ru_maxrss keeps it."""
        out_path = out_path or os.path.join(self.tmp, "stdout")
        err_path = os.path.join(self.tmp, "stderr")
        rss_path = os.path.join(self.tmp, "rss")
        if rss:
            argv = ["/usr/bin/time", "-f", "%M", "-o", rss_path, *argv]
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=self.cwd)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        r = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rc": rc}
        if rss:
            with open(rss_path) as f:
                r["rss_kib"] = int(f.read().split()[-1])
        if keep_output or rc not in expect:
            with open(out_path, "rb") as f:
                r["out"] = f.read().decode("utf-8", "replace")
            with open(err_path, "rb") as f:
                r["err"] = f.read().decode("utf-8", "replace")
        if rc not in expect:
            raise SystemExit(
                f"bench: {' '.join(argv[:4])}… exited {rc} (expected {expect}):\n"
                f"{r['err'][-2000:]}\n{r['out'][-1000:]}")
        return r

    def provctl(self, *args):
        return [self.a.provctl, *args]

    def floor(self, sql, params=()):
        return [self.a.floor, sql, *[floor_param(p) for p in params]]

    def psql(self, db, sql, sslmode="disable"):
        """The psql executable itself: on Debian `psql` on PATH is pg_wrapper, a Perl script."""
        return [self.psql_binary, "-X", "-Atc", sql, self.psql_url(db, sslmode)]

    @staticmethod
    def summary(rs):
        walls = sorted(r["wall"] for r in rs)
        q = statistics.quantiles(walls, n=4) if len(walls) >= 4 else [walls[0], statistics.median(walls), walls[-1]]
        return {
            "n": len(rs),
            "median_ms": statistics.median(walls) * 1000,
            "min_ms": walls[0] * 1000,
            "q1_ms": q[0] * 1000,
            "q3_ms": q[2] * 1000,
            "cpu_ms": statistics.median(r["cpu"] for r in rs) * 1000,
            "rss_max_mib": max((r["rss_kib"] for r in rs if "rss_kib" in r), default=0) / 1024,
        }

    def interleaved(self, variants, runs, warmup=3, rss_all=False):
        """variants: [(name, argv, env, expected exit codes)]. Runs them in rounds whose order rotates
        (A B C, B C A, C A B, then the same reversed), after warm-up rounds; returns {name: summary}."""
        acc = {name: [] for name, *_ in variants}
        for _ in range(warmup):
            for name, argv, env, expect in variants:
                self.run(argv, env, expect)
        n = len(variants)
        for i in range(runs):
            k = i % n
            order = variants[k:] + variants[:k]
            if (i // n) % 2:
                order.reverse()
            for name, argv, env, expect in order:
                acc[name].append(self.run(argv, env, expect, rss=rss_all))
        if not rss_all:
            # Timed runs go without /usr/bin/time in between; one more run of each gives the peak RSS.
            for name, argv, env, expect in variants:
                acc[name][-1]["rss_kib"] = self.run(argv, env, expect, rss=True)["rss_kib"]
        return {name: self.summary(rs) for name, rs in acc.items()}

    def statements_of(self, db, argv, env, expect=(0,)):
        """Runs argv once against `db`, whose statements the server logs, and returns them (parse_log)."""
        offset = os.path.getsize(self.server_log)
        self.run(argv, env, expect)
        time.sleep(0.2)  # the server writes its log asynchronously (logging collector off: stderr)
        with open(self.server_log, errors="replace") as f:
            f.seek(offset)
            return parse_log(f.read())

    # ------------------------------------------------------------------ machine
    def machine(self):
        cpu = "unknown"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        mem_kib = 0
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_kib = int(line.split()[1])
        pg = subprocess.run([os.path.join(self.a.pg_bin, "postgres"), "--version"], capture_output=True,
                            text=True).stdout.strip()
        psqlv = subprocess.run([self.psql_binary, "--version"], capture_output=True, text=True).stdout.strip()
        ver = subprocess.run([self.a.provctl, "--version"], capture_output=True, text=True).stdout.strip()
        git = subprocess.run(["git", "-C", self.a.repo, "describe", "--always", "--dirty"], capture_output=True,
                             text=True).stdout.strip()
        def crate_version(lock):
            with open(lock) as f:
                m = re.search(r'name = "postgres"\nversion = "([^"]+)"', f.read())
            return m.group(1) if m else "?"

        pg_crate = crate_version(os.path.join(self.a.repo, "Cargo.lock"))
        floor_crate = crate_version(os.path.join(self.a.repo, "bench", "pg-floor", "Cargo.lock"))
        if pg_crate != floor_crate:
            log(f"WARNING: the floor uses postgres {floor_crate}, provctl {pg_crate}: update bench/pg-floor")
        self.results["machine"] = {
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "mem_gib": round(mem_kib / 1024 / 1024, 1),
            "kernel": platform.release(),
            "postgres": pg,
            "psql": psqlv,
            "provctl": f"{ver} (git {git})",
            "postgres_crate": pg_crate,
            "floor_postgres_crate": floor_crate,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_start": os.getloadavg(),
            "alt": self.alt,
        }
        counts = self.admin("bench_tpl", (
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM api_keys), "
            "(SELECT count(*) FROM api_keys WHERE client_id = 'b0000000-0000-4000-8000-000000000002'), "
            "(SELECT count(*) FROM machines), (SELECT count(*) FROM ingest_events), "
            "(SELECT count(*) FROM metric_instances), (SELECT count(*) FROM samples), "
            "pg_size_pretty(pg_database_size('bench_tpl'))")).split("|")
        names = ["users", "api_keys", "keys_of_bulk", "machines", "ingest_events", "metric_instances", "samples",
                 "db_size"]
        self.results["dataset"] = dict(zip(names, [int(c) for c in counts[:-1]] + [counts[-1]]))
        # Index-only scans read the heap too unless VACUUM could mark the pages all-visible (see dataset.sql).
        visible = float(self.admin("bench_tpl", (
            "SELECT round(sum(relallvisible)::numeric / greatest(sum(relpages), 1), 3) FROM pg_class "
            "WHERE relname IN ('users', 'api_keys', 'machines', 'ingest_events', 'metric_instances', 'samples')")))
        self.results["dataset"]["all_visible"] = visible
        if visible < 0.9:
            log(f"WARNING: only {visible:.0%} of the dataset's pages are all-visible: index-only scans will read the heap")
        log(f"dataset: {self.results['dataset']}")

    # ------------------------------------------------------------------ 1. audit commands
    def audit_cases(self):
        """(label, provctl args, provctl's main statement, its parameters, point look-up, exit codes)."""
        return [
            ("users --email", ["users", "--email", EMAIL], SQL_USERS,
             [None, ("text", EMAIL), ("int8", 50)], True, (0,)),
            ("users", ["users"], SQL_USERS, [None, None, ("int8", 50)], False, (0,)),
            ("keys list --client Beta", ["keys", "list", "--client", "Beta"], SQL_KEYS,
             [("text", "Beta"), None, ("bool", False)], False, (0,)),
            ("machines --client Beta", ["machines", "--client", "Beta"], SQL_MACHINES,
             [("text", "Beta"), ("null", "float8")], True, (0,)),
            ("ingest-count --client Beta", ["ingest-count", "--client", "Beta"], SQL_INGEST_COUNT,
             [("text", "Beta")], False, (0,)),
            ("ingest-events --client Beta", ["ingest-events", "--client", "Beta"], SQL_INGEST_EVENTS,
             [("text", "Beta"), ("int8", 50)], False, (0,)),
            ("verify-hash --email", ["verify-hash", "--email", EMAIL], SQL_HASH_ONE, [("text", EMAIL)], True, (0,)),
            ("verify-hash --all --client Users-1k", ["verify-hash", "--all", "--client", "Users-1k"], SQL_HASH_ALL,
             [("text", "Users-1k")], False, (0, 1)),
        ]

    def audits(self):
        db, logged = "bench_audit", "bench_audit_log"
        self.copy_db(db, "bench_tpl")
        self.copy_db(logged, "bench_tpl")
        self.admin("postgres", f"ALTER DATABASE {logged} SET log_statement = 'all'")
        env, env_logged = self.env_for(db), self.env_for(logged)
        out = {}

        # What no command goes below: process start (the floor without arguments prints its usage, exit 1),
        # and one round trip on an open connection (the floor running 1 against 21 statements).
        s1, s21 = os.path.join(self.tmp, "s1.sql"), os.path.join(self.tmp, "s21.sql")
        with open(s1, "w") as f:
            f.write("SELECT 1\n")
        with open(s21, "w") as f:
            f.write("\n;;\n".join(["SELECT 1"] * 21) + "\n")
        log(f"process start and round trip ({self.runs} rounds)")
        out["_start"] = self.interleaved([
            ("provctl", self.provctl("--version"), env, (0,)),
            ("floor", [self.a.floor], env, (1,)),
            ("psql", [self.psql_binary, "--version"], env, (0,)),
        ], self.runs)
        rt = self.interleaved([
            ("one", [self.a.floor, "--script", s1], env, (0,)),
            ("twenty_one", [self.a.floor, "--script", s21], env, (0,)),
        ], self.runs)
        out["_rtt"] = {"ms": (rt["twenty_one"]["median_ms"] - rt["one"]["median_ms"]) / 20, **rt}

        cases = self.audit_cases()
        for label, args, sql, params, point, expect in cases:
            # The statements provctl sends, from the server log: the floor's and psql's must be the same.
            stmts = self.statements_of(logged, self.provctl(*args), env_logged, expect)
            sent = [s for _, s, _ in stmts]
            same = norm(sql) in sent
            if not same:
                log(f"  WARNING: provctl's `{label}` no longer sends the benchmark's statement; it sent: {sent}")
            log(f"audit: {label} ({self.runs} interleaved rounds; {len(stmts)} statement(s))")
            variants = [
                ("provctl", self.provctl(*args), env, expect),
                ("floor", self.floor(sql, params), env, (0,)),
                ("psql", self.psql(db, inline(sql, params)), env, (0,)),
            ]
            if self.alt:
                variants.insert(1, ("alt", [self.alt, *args], env, expect))
            x = self.interleaved(variants, self.runs)
            x.update(point=point, statements=[s[:160] for s in sent], same_statement=same,
                     floor_sql=inline(sql, params), rows=self.row_check(args, sql, params, db, env))
            x["ratio_floor"] = x["provctl"]["median_ms"] / x["floor"]["median_ms"]
            x["ratio_psql"] = x["provctl"]["median_ms"] / x["psql"]["median_ms"]
            out[label] = x
            log(f"  provctl {x['provctl']['median_ms']:.1f} ms, floor {x['floor']['median_ms']:.1f} ms "
                f"({x['ratio_floor']:.2f}), psql {x['psql']['median_ms']:.1f} ms ({x['ratio_psql']:.2f})"
                + (f", alt {x['alt']['median_ms']:.1f} ms" if self.alt else ""))

        # doctor: its statements (taken from the log, values in place) replayed by the floor and psql.
        script, floor_script, psql_script = self.doctor_scripts(logged)
        log(f"audit: doctor ({len(script)} statements, replayed by the floor and psql)")
        variants = [
            ("provctl", self.provctl("doctor"), env, (0, 1)),
            ("floor", [self.a.floor, "--script", floor_script], env, (0,)),
            ("psql", [self.psql_binary, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-f", psql_script, self.psql_url(db)],
             env, (0,)),
        ]
        if self.alt:
            variants.insert(1, ("alt", [self.alt, "doctor"], env, (0, 1)))
        x = self.interleaved(variants, max(5, self.runs // 3))
        x.update(point=False, statements=[s[:160] for s in script], same_statement=True, floor_sql=None, rows=None)
        x["ratio_floor"] = x["provctl"]["median_ms"] / x["floor"]["median_ms"]
        x["ratio_psql"] = x["provctl"]["median_ms"] / x["psql"]["median_ms"]
        out["doctor"] = x

        # sslmode: equal terms above (disable for all three). What libpq's default `prefer` costs against a
        # server without TLS: one round trip (SSLRequest answered `N`), for provctl and for psql.
        log(f"sslmode: disable against the default prefer ({2 * self.runs} rounds)")
        args = ["users", "--email", EMAIL]
        sql, params = SQL_USERS, [None, ("text", EMAIL), ("int8", 50)]
        out["_sslmode"] = self.interleaved([
            ("provctl_disable", self.provctl(*args), env, (0,)),
            ("provctl_prefer", self.provctl(*args), self.env_for(db, sslmode=None), (0,)),
            ("psql_disable", self.psql(db, inline(sql, params)), env, (0,)),
            ("psql_prefer", self.psql(db, inline(sql, params), sslmode=None), env, (0,)),
        ], 2 * self.runs)  # the difference sought is a fraction of a millisecond: twice the rounds
        self.results["audit"] = out
        self.drop_db(db)
        self.drop_db(logged)

    def doctor_scripts(self, logged):
        """provctl doctor's statements, from the log of a run on `logged`, with their values in place: the
        list, a script for the floor (`--script`) and one for psql (`-f`)."""
        stmts = self.statements_of(logged, self.provctl("doctor"), self.env_for(logged), (0, 1))
        script = [inline(s, [None if v is None else ("text", v) for v in vals]) for _, s, vals in stmts]
        floor_script, psql_script = os.path.join(self.tmp, "doctor.floor"), os.path.join(self.tmp, "doctor.sql")
        with open(floor_script, "w") as f:
            f.write("\n;;\n".join(script) + "\n")
        with open(psql_script, "w") as f:
            f.write(";\n".join(script) + ";\n")
        return script, floor_script, psql_script

    def row_check(self, args, sql, params, db, env):
        """The rows each side printed (provctl's `(N rows)` line, the floor's and psql's lines): the same
        work on every side. provctl's verify-hash lists only the defective hashes: its count is theirs."""
        p = self.run(self.provctl(*args), env, (0, 1), keep_output=True)["out"]
        f = self.run(self.floor(sql, params), env, keep_output=True)["out"]
        q = self.run(self.psql(db, inline(sql, params)), env, keep_output=True)["out"]
        m = re.search(r"^\((\d+) rows?\)$", p, re.M)
        return {"provctl": int(m.group(1)) if m else None, "floor": len(f.splitlines()), "psql": len(q.splitlines())}

    # ------------------------------------------------------------------ 2. memory against rows
    def memory(self):
        """Peak RSS of every listing in every output format at 1k, 10k, 100k, 1M rows (up to BENCH_MEM_MAX,
        1M × BENCH_SCALE): one client, Mem, grown step by step (bench/memory.sql) in a database of its own."""
        db = "bench_mem"
        self.copy_db(db, "bench_schema")
        env = self.env_for(db)
        sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= max(1_000, self.mem_max)]
        points, psql_points, floor_points = [], [], []
        prev = 0
        for n in sizes:
            t0 = time.perf_counter()
            self.admin_file(db, os.path.join(self.a.repo, "bench", "memory.sql"), **{"from": prev, "to": n})
            prev = n
            log(f"memory: {n:,} rows of each (grown in {time.perf_counter() - t0:.1f} s)")
            commands = [
                ("verify-hash --all", ["verify-hash", "--all"], (0, 1), n // 1000,
                 inline(SQL_HASH_ALL_T.format(client=NO_CLIENT), [None])),
                ("keys list", ["keys", "list", "--client", "Mem"], (0,), n,
                 inline(SQL_KEYS, [("text", "Mem"), None, ("bool", False)])),
                ("users", ["users", "--limit", str(n)], (0,), n, inline(SQL_USERS, [None, None, ("int8", n)])),
                ("machines", ["machines", "--client", "Mem"], (0,), n, inline(SQL_MACHINES, [("text", "Mem"), ("null", "float8")])),
                ("ingest-events", ["ingest-events", "--client", "Mem", "--limit", str(n)], (0,), n,
                 inline(SQL_INGEST_EVENTS, [("text", "Mem"), ("int8", n)])),
            ]
            for label, args, expect, rows, sql in commands:
                for fmt in ("table", "json", "csv"):
                    argv = self.provctl(*(["-o", fmt] if fmt != "table" else []), *args)
                    r = self.run(argv, env, expect, rss=True)
                    ok = None
                    if fmt == "table":
                        with open(os.path.join(self.tmp, "stdout"), "rb") as f:
                            f.seek(max(0, os.path.getsize(f.name) - 64))
                            m = re.search(rb"\((\d+) rows?\)\s*$", f.read())
                        ok = bool(m) and int(m.group(1)) == rows
                    points.append({"command": label, "format": fmt, "rows": n, "printed_ok": ok,
                                   "rss_mib": r["rss_kib"] / 1024, "wall_ms": r["wall"] * 1000,
                                   "cpu_ms": r["cpu"] * 1000})
                r = self.run([self.psql_binary, "-X", "-Atc", sql, self.psql_url(db)], env, rss=True)
                psql_points.append({"command": label, "rows": n, "rss_mib": r["rss_kib"] / 1024,
                                    "wall_ms": r["wall"] * 1000})
                r = self.run([self.a.floor, sql], env, rss=True)
                floor_points.append({"command": label, "rows": n, "rss_mib": r["rss_kib"] / 1024,
                                     "wall_ms": r["wall"] * 1000, "cpu_ms": r["cpu"] * 1000})
            r = self.run(self.provctl("keys", "export", "--client", "Mem"), env, rss=True)
            points.append({"command": "keys export", "format": "lines", "rows": n, "printed_ok": None,
                           "rss_mib": r["rss_kib"] / 1024, "wall_ms": r["wall"] * 1000, "cpu_ms": r["cpu"] * 1000})
            worst = max(p["rss_mib"] for p in points if p["rows"] == n)
            log(f"  peak RSS at {n:,} rows: {worst:.1f} MiB (worst command × format)")
        base = self.run(self.provctl("--version"), env, rss=True)["rss_kib"] / 1024
        self.results["memory"] = {"sizes": sizes, "points": points, "psql": psql_points, "floor": floor_points,
                                  "version_rss_mib": base}
        self.drop_db(db)

    # ------------------------------------------------------------------ 3. reset-client
    def sql_file(self, name, client_id=BETA):
        with open(os.path.join(self.a.repo, "bench", name)) as f:
            text = f.read()
        text = text[text.index("begin;"):]
        # The runbook pastes the uuid into one `psql -c` string: so do we.
        return text.replace(":'client_id'", f"'{client_id}'")

    def reset_statements(self):
        """reset_equivalent.sql's statements in provctl's form ($1 for the client id), normalised."""
        text = self.sql_file("reset_equivalent.sql", "$1")
        text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
        return [norm(s).replace("'$1'", "$1") for s in text.split(";")
                if norm(s) and norm(s).lower() not in ("begin", "commit")]

    def state(self, db):
        return self.admin(db, (
            f"SELECT (SELECT count(*) FROM machines WHERE client_id = '{BETA}'), "
            f"(SELECT count(*) FROM ingest_events WHERE client_id = '{BETA}'), "
            f"(SELECT count(*) FROM api_keys WHERE client_id = '{BETA}' AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)), "
            f"(SELECT count(*) FROM api_keys WHERE client_id = '{BETA}' AND is_active), "
            "(SELECT count(*) FROM metric_instances), (SELECT count(*) FROM samples), "
            "(SELECT count(*) FROM incidents), (SELECT count(*) FROM users), (SELECT count(*) FROM api_keys)"))

    def reset_pairs(self, template, runs, label):
        sql = self.sql_file("reset_equivalent.sql")
        ra, rb = [], []
        states = set()
        for i in range(runs):
            self.copy_db("reset_a", template)
            self.copy_db("reset_b", template)
            a = (self.provctl("reset-client", "--client", "Beta", "--yes"), self.env_for("reset_a"), ra)
            b = ([self.psql_binary, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, self.psql_url("reset_b")],
                 self.env_for("reset_b"), rb)
            pair = [a, b] if i % 2 == 0 else [b, a]
            for argv, env, acc in pair:
                acc.append(self.run(argv, env))
            if i == 0:
                states = {self.state("reset_a"), self.state("reset_b")}
            log(f"  {label} pair {i + 1}/{runs}: provctl {ra[-1]['wall']:.2f} s, psql {rb[-1]['wall']:.2f} s")
        self.drop_db("reset_a")
        self.drop_db("reset_b")
        sa, sb = self.summary(ra), self.summary(rb)
        paired = statistics.median(x["wall"] / y["wall"] for x, y in zip(ra, rb))
        if len(states) != 1:
            raise SystemExit(f"bench: provctl and psql left different states: {states}")
        return {"provctl": sa, "psql": sb, "ratio": sa["median_ms"] / sb["median_ms"], "paired_ratio": paired,
                "after": states.pop()}

    def profile_reset(self, template):
        """Where the time goes, statement by statement: provctl's statements from the server log
        (log_min_duration_statement = 0 on a copy), psql's (the same four) from EXPLAIN ANALYZE, with the
        foreign-key trigger times (the cascades), on another copy."""
        self.copy_db("prof_a", template)
        self.admin("postgres", "ALTER DATABASE prof_a SET log_min_duration_statement = 0")
        offset = os.path.getsize(self.server_log)
        r = self.run(self.provctl("reset-client", "--client", "Beta", "--yes"), self.env_for("prof_a"))
        time.sleep(0.2)
        with open(self.server_log, errors="replace") as f:
            f.seek(offset)
            text = f.read()
        entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
        labels = [
            ("AS notification_log_unlinked", "plan: the counts taken in the transaction (--yes: events and samples come from the reset itself)"),
            ("conrelid::regclass", "plan: missing cascade index check"),
            ("FROM clients", "resolve --client"),
            ("SET LOCAL", "START TRANSACTION; SET LOCAL lock_timeout, statement_timeout"),
            ("START TRANSACTION", "START TRANSACTION; SET LOCAL lock_timeout, statement_timeout"),
            ("WHERE client_id <> $1::uuid AND machine_id IN", "check: other clients' incidents reached (in the transaction)"),
            ("pg_stat_get_xact_tuples_deleted", "the server's counts of deleted rows, around the machines' delete"),
            ("SAVEPOINT", "savepoint before the machines' delete"),
            ("DELETE FROM incidents", "DELETE incidents of the machines"),
            ("DELETE FROM ingest_events", "DELETE ingest_events of the client"),
            ("UPDATE api_keys", "UPDATE api_keys: unbind"),
            ("DELETE FROM machines", "DELETE machines (and the cascades)"),
            ("(SELECT count(*) FROM machines WHERE client_id = $1::uuid), (SELECT count(*) FROM ingest_events",
             "verify before commit: machines, events"),
            ("SELECT name, is_active", "verify before commit: keys (printed as the post-reset check)"),
            ("COMMIT", "COMMIT"),
        ]
        steps, order, sent = {}, [], []
        for e in entries:
            m = re.search(r"duration: ([0-9.]+) ms\s+(?:statement|parse|bind|execute)[^:]*: (.*)", e, re.S)
            if not m:
                continue
            stmt = norm(m.group(2))
            if " execute " in e[:200] or "statement:" in e[:200]:
                sent.append(stmt)
            label = next((l for k, l in labels if k in stmt), "other: " + stmt[:60])
            if label not in steps:
                order.append(label)
                steps[label] = 0.0
            steps[label] += float(m.group(1))
        self.drop_db("prof_a")
        missing = [s for s in self.reset_statements() if s not in sent]
        if missing:
            log(f"WARNING: reset_equivalent.sql differs from what provctl sends now: {missing}")

        self.copy_db("prof_b", template)
        script = self.sql_file("reset_equivalent.sql")
        script = "\n".join(line for line in script.splitlines() if not line.strip().startswith("--"))
        stmts = [x.strip() for x in script.split(";") if x.strip()]
        body = [st + ";" if st.lower() in ("begin", "commit") else f"EXPLAIN (ANALYZE, COSTS OFF) {st};"
                for st in stmts]
        path = os.path.join(self.tmp, "profile.sql")
        with open(path, "w") as f:
            f.write("\n".join(body) + "\n")
        out = subprocess.run(
            ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
             "-U", self.a.user, "-d", "prof_b", "-f", path], capture_output=True, text=True, check=True).stdout
        self.drop_db("prof_b")
        times, triggers = [], []
        for line in out.splitlines():
            m = re.search(r"Execution Time: ([0-9.]+) ms", line)
            if m:
                times.append(float(m.group(1)))
            m = re.search(r"Trigger for constraint (\S+)(?: on (\S+))?: time=([0-9.]+) calls=(\d+)", line)
            if m:
                triggers.append({"constraint": m.group(1), "table": m.group(2), "ms": float(m.group(3)),
                                 "calls": int(m.group(4))})
        names = [s.split(" WHERE")[0] for s in stmts if s.lower() not in ("begin", "commit")]
        return {
            "provctl_wall_ms": r["wall"] * 1000,
            "provctl_steps": [(l, steps[l]) for l in order],
            "equivalent_steps": list(zip(names, times)),
            "triggers": [t for t in triggers if t["ms"] >= 1],
            "statements_match": not missing,
            "missing": missing,
        }

    def reset(self):
        out = {}
        self.copy_db("bench_tpl_inc", "bench_tpl")
        self.admin_file("bench_tpl_inc", os.path.join(self.a.repo, "bench", "incidents.sql"))
        self.admin("bench_tpl_inc", "VACUUM ANALYZE incidents")
        self.copy_db("bench_tpl_inc_idx", "bench_tpl_inc")
        self.admin("bench_tpl_inc_idx", "CREATE INDEX ingest_events_machine_id_idx ON ingest_events (machine_id)")
        self.admin("bench_tpl_inc_idx", "VACUUM ANALYZE ingest_events")
        out["incidents"] = int(self.admin("bench_tpl_inc", "SELECT count(*) FROM incidents"))
        self.results["reset_profile"] = self.profile_reset("bench_tpl_inc")
        log(f"reset-client vs psql running its statements, no index on ingest_events.machine_id "
            f"({self.reset_runs} pairs)")
        out["no_index"] = self.reset_pairs("bench_tpl_inc", self.reset_runs, "no index")
        log(f"reset-client vs psql running its statements, with the index ({self.reset_runs} pairs)")
        out["with_index"] = self.reset_pairs("bench_tpl_inc_idx", self.reset_runs, "with index")

        # The plan alone (--dry-run): provctl's overhead before the transaction.
        self.copy_db("reset_dry", "bench_tpl_inc")
        dry = [self.run(self.provctl("reset-client", "--client", "Beta", "--dry-run"), self.env_for("reset_dry"))
               for _ in range(5)]
        out["dry_run"] = self.summary(dry)
        doctor = self.run(self.provctl("doctor"), self.env_for("reset_dry"), expect=(0, 1), keep_output=True)
        self.copy_db("reset_dry_idx", "bench_tpl_inc_idx")
        doctor_idx = self.run(self.provctl("doctor"), self.env_for("reset_dry_idx"), expect=(0, 1), keep_output=True)

        def index_lines(r):
            return [line for line in (r["out"] + r["err"]).splitlines() if "index" in line.lower()]

        out["doctor"] = {"rc": doctor["rc"], "lines": index_lines(doctor), "rc_with_index": doctor_idx["rc"],
                         "lines_with_index": index_lines(doctor_idx)}
        self.drop_db("reset_dry")
        self.drop_db("reset_dry_idx")

        # The runbook's own transaction on machines with incidents: it fails, nothing changes.
        self.copy_db("reset_b", "bench_tpl_inc")
        rb = self.run([self.psql_binary, "-X", "-c", self.sql_file("runbook_reset.sql"), self.psql_url("reset_b")],
                      self.env_for("reset_b"), expect=(0, 1, 2, 3), keep_output=True)
        err = [line for line in rb.get("err", "").splitlines() if line.startswith("ERROR")]
        out["runbook"] = {"rc": rb["rc"], "error": err[0] if err else "", "after": self.state("reset_b")}
        for d in ("reset_b", "bench_tpl_inc", "bench_tpl_inc_idx"):
            self.drop_db(d)
        self.results["reset"] = out

    # ------------------------------------------------------------------ 4. provision
    def write_inis(self, n):
        ini_dir = os.path.join(self.tmp, "inis")
        os.mkdir(ini_dir)
        for i in range(1, n + 1):
            name = f"prov-{i:03d}"
            with open(os.path.join(ini_dir, f"{name}.ini"), "w") as f:
                f.write(f"""[client]
name = Prov {i:03d}
email = ops@{name}.example.com

[admin]
email = admin@{name}.example.com
role = admin_client

[api_keys]
count = 4
prefix = {name}-key-
length = 32
alphabet = alnum

[client_settings]
notification_email = ops@{name}.example.com
slack_channel_name = #alerts

[http_targets]
target_01 = {name}-site|https://{name}.example.com|GET|30|300|true
target_02 = {name}-health|https://{name}.example.com/health|GET|30|300|true
""")
        return ini_dir

    def provisioned(self, db):
        return int(self.admin(db, "SELECT (SELECT count(*) FROM clients WHERE name LIKE 'Prov %') + "
                                  "(SELECT count(*) FROM users WHERE email LIKE 'admin@prov-%')"))

    def sigint(self, ini_dir, env, db, tries=3):
        """Ctrl-C during the hashing phase of a first run: SIGINT once the bcrypt workers run (the process
        has 2 + cores threads: main, signals, one hasher per core), then the time from the signal to the
        process's exit, its exit status, and what was committed (nothing, or it is a finding)."""
        cores = os.cpu_count()
        out = []
        for _ in range(tries):
            err_path = os.path.join(self.tmp, "sigint.err")
            with open(err_path, "wb") as err:
                p = subprocess.Popen(self.provctl("provision", "--yes", ini_dir), env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=err, cwd=self.cwd)
            t_start = time.perf_counter()
            hashing = False
            while time.perf_counter() - t_start < 60:
                try:
                    threads = len(os.listdir(f"/proc/{p.pid}/task"))
                except FileNotFoundError:
                    break
                if threads >= 2 + min(cores, self.inis):
                    hashing = True
                    break
                time.sleep(0.002)
            time.sleep(0.3)  # well inside the phase: every worker is in the middle of a hash
            t_sig = time.perf_counter()
            p.send_signal(signal.SIGINT)
            _, status, _ = os.wait4(p.pid, 0)
            t_exit = time.perf_counter()
            with open(err_path, errors="replace") as f:
                tail = f.read().strip().splitlines()[-1:] or [""]
            out.append({"hashing_seen": hashing, "ms": (t_exit - t_sig) * 1000,
                        "rc": os.waitstatus_to_exitcode(status), "committed": self.provisioned(db),
                        "message": tail[0][:200], "signal_after_ms": (t_sig - t_start) * 1000})
            log(f"  SIGINT during hashing: exit {out[-1]['rc']} {out[-1]['ms']:.0f} ms after the signal, "
                f"{out[-1]['committed']} row(s) committed")
        return {"tries": out, "max_ms": max(t["ms"] for t in out), "median_ms": statistics.median(t["ms"] for t in out),
                "committed": max(t["committed"] for t in out), "rcs": sorted({t["rc"] for t in out}),
                "all_in_hashing": all(t["hashing_seen"] for t in out)}

    def provision(self):
        n = self.inis
        ini_dir = self.write_inis(n)
        db = "bench_prov"
        self.copy_db(db, "bench_tpl")
        env = self.env_for(db, PROVISION_CLIENT="true")
        log("bcrypt cost 12, one hash at a time (bench/bcrypt-one), 7 hashes")
        one = subprocess.run([self.a.bcrypt_one, "7", "12"], capture_output=True, text=True, check=True)
        one_ms = statistics.median(float(x) for x in one.stdout.split())
        cores = os.cpu_count()

        def parallel_ms():
            # What the cores give right now (other load included): 2 hashes per core, all cores at once.
            k = 2 * cores
            out = subprocess.run([self.a.bcrypt_one, str(k), "12", str(cores)], capture_output=True, text=True,
                                 check=True)
            return float(out.stdout.split()[-1]) / k

        log(f"provision: Ctrl-C during the hashing phase of a first run of {n} INIs")
        sig = self.sigint(ini_dir, env, db)
        par_before = parallel_ms()
        log(f"provision of {n} INIs, first run (ideal {n} x {one_ms:.0f} ms / {cores} cores; "
            f"now the cores give one hash per {par_before:.0f} ms)")
        first = self.run(self.provctl("provision", "--yes", ini_dir), env, keep_output=True, rss=True)
        par_after = parallel_ms()
        created = int(self.admin(db, "SELECT count(*) FROM clients WHERE name LIKE 'Prov %'"))
        secrets = len(glob.glob(os.path.join(ini_dir, "*.generated.secrets.env")))
        log(f"  {first['wall']:.1f} s ({created} clients, {secrets} secrets files); re-runs")
        reruns = []
        for _ in range(7):
            r = self.run(self.provctl("provision", "--yes", ini_dir), env, keep_output=True, rss=True)
            if "No secret generated" not in r["err"]:
                raise SystemExit(f"bench: the re-run created something:\n{r['err'][-2000:]}")
            reruns.append(r)
        dry = [self.run(self.provctl("provision", "--dry-run", ini_dir), env) for _ in range(3)]
        alt_result = None
        if self.alt:
            # An experimental build (e.g. a scratch copy with a src change) against this one, same database.
            log(f"re-run: this build against BENCH_PROVCTL_ALT={self.alt}")
            r = self.interleaved([("this", self.provctl("provision", "--yes", ini_dir), env, (0,)),
                                  ("alt", [self.alt, "provision", "--yes", ini_dir], env, (0,))], 7, warmup=1)
            alt_result = {"path": self.alt, "this": r["this"], "alt": r["alt"],
                          "ratio": r["alt"]["median_ms"] / r["this"]["median_ms"]}
        keys_total = int(self.admin(db, "SELECT count(*) FROM api_keys"))
        expected_ms = n * one_ms / cores
        achievable_ms = n * (par_before + par_after) / 2
        self.results["provision"] = {
            "inis": n, "cores": cores, "one_hash_ms": one_ms, "expected_first_ms": expected_ms,
            "parallel_hash_ms": [par_before, par_after], "achievable_first_ms": achievable_ms,
            "first": {"wall_ms": first["wall"] * 1000, "cpu_ms": first["cpu"] * 1000,
                      "rss_mib": first["rss_kib"] / 1024},
            "first_ratio": first["wall"] * 1000 / expected_ms,
            "first_ratio_achievable": first["wall"] * 1000 / achievable_ms,
            "cpu_per_hash_ms": first["cpu"] * 1000 / n,
            "clients_created": created, "secrets_files": secrets,
            "rerun": self.summary(reruns), "dry_run": self.summary(dry), "api_keys": keys_total,
            "sigint": sig, "alt": alt_result,
        }
        self.drop_db(db)

    # ------------------------------------------------------------------ 5. load-independent profile
    def profile(self):
        """Per audit command, provctl next to the floor, in counts that do not depend on the machine's
        load: statements sent (server log), syscalls and threads (strace -f -c), minor page faults and
        context switches (/usr/bin/time), user-space instructions (valgrind --tool=callgrind)."""
        db, logged = "bench_profile", "bench_profile_log"
        self.copy_db(db, "bench_tpl")
        self.copy_db(logged, "bench_tpl")
        self.admin("postgres", f"ALTER DATABASE {logged} SET log_statement = 'all'")
        env = self.env_for(db)
        strace = shutil.which("strace")
        valgrind = shutil.which("valgrind")
        out = {"strace": bool(strace), "callgrind": bool(valgrind), "commands": {}}
        # (label, provctl args, floor argv, provctl's environment, expected exit codes of provctl, floor)
        cases = [("--version (start only)", ["--version"], [self.a.floor], env, (0,), (1,))]
        cases += [(label, args, self.floor(sql, params), env, expect, (0,))
                  for label, args, sql, params, _, expect in self.audit_cases()]
        cases.append(("users --email, provctl with sslmode=prefer", ["users", "--email", EMAIL],
                      self.floor(SQL_USERS, [None, ("text", EMAIL), ("int8", 50)]), self.env_for(db, sslmode=None),
                      (0,), (0,)))
        _, floor_script, _ = self.doctor_scripts(logged)
        self.drop_db(logged)
        cases.append(("doctor", ["doctor"], [self.a.floor, "--script", floor_script], env, (0, 1), (0,)))
        for label, args, floor_argv, p_env, expect, f_expect in cases:
            sides = {"provctl": (self.provctl(*args), p_env, expect), "floor": (floor_argv, env, f_expect)}
            row = {}
            for side, (argv, e, exp) in sides.items():
                m = {}
                t = self.run(["/usr/bin/time", "-f", "%R %w %c", "-o", os.path.join(self.tmp, "t"), *argv], e, exp)
                with open(os.path.join(self.tmp, "t")) as f:
                    minor, vol, invol = (int(x) for x in f.read().split()[-3:])
                m.update(minor_faults=minor, ctx_switches=vol + invol, cpu_ms=t["cpu"] * 1000)
                if strace:
                    path = os.path.join(self.tmp, "strace")
                    self.run([strace, "-f", "-qq", "-c", "-o", path, *argv], e, exp)
                    calls = {}
                    with open(path) as f:
                        for line in f:
                            parts = line.split()
                            if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                                calls[parts[-1]] = int(parts[3])
                    m.update(syscalls=sum(calls.values()), threads=calls.get("clone3", 0) + calls.get("clone", 0),
                             sendto=calls.get("sendto", 0), recvfrom=calls.get("recvfrom", 0),
                             futex=calls.get("futex", 0), top=sorted(calls.items(), key=lambda x: -x[1])[:6])
                if valgrind:
                    path = os.path.join(self.tmp, "callgrind.out")
                    r = self.run([valgrind, "--tool=callgrind", f"--callgrind-out-file={path}", *argv], e, exp,
                                 keep_output=True)
                    c = re.search(r"Collected : (\d+)", r["err"])
                    m["instructions"] = int(c.group(1)) if c else None
                row[side] = m
            out["commands"][label] = row
            p, f = row["provctl"], row["floor"]
            log(f"profile: {label}: faults {p['minor_faults']} / {f['minor_faults']}"
                + (f", syscalls {p['syscalls']} / {f['syscalls']}, threads {p['threads']} / {f['threads']}" if strace else "")
                + (f", instructions {p['instructions']:,} / {f['instructions']:,}" if valgrind and p.get("instructions")
                   and f.get("instructions") else ""))
        self.results["profile"] = out
        self.drop_db(db)

    # ------------------------------------------------------------------ report
    def write(self):
        self.results["machine"]["load_end"] = os.getloadavg()
        rdir = os.path.join(self.a.repo, "bench", "results")
        os.makedirs(rdir, exist_ok=True)
        tag = f"{self.scale:g}"
        path = os.path.join(rdir, f"scale-{tag}.json")
        with open(path, "w") as f:
            json.dump(self.results, f, indent=1)
        render.render_file(path, self.a.out)
        log(f"wrote {self.a.out} and bench/results/scale-{tag}.json")


STEPS = ("audits", "memory", "reset", "provision", "profile")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--render":
        # python3 -B bench/bench.py --render bench/results/scale-1.json docs/performance.md
        return render.render_file(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    for opt in ("provctl", "floor", "bcrypt-one", "repo", "work", "pg-bin", "port", "user", "password", "socket",
                "out"):
        ap.add_argument(f"--{opt}", required=True)
    a = ap.parse_args()
    only = [s.strip() for s in os.environ.get("BENCH_ONLY", ",".join(STEPS)).split(",") if s.strip()]
    only = ["memory" if s == "streaming" else s for s in only]  # the step's name before issue 18
    unknown = [s for s in only if s not in STEPS]
    if unknown:
        raise SystemExit(f"bench: BENCH_ONLY: unknown step(s) {', '.join(unknown)} (known: {', '.join(STEPS)})")
    b = Bench(a)
    b.machine()
    for step in STEPS:
        if step in only:
            getattr(b, step)()
    if set(only) >= set(STEPS):
        b.write()
    else:
        b.results["machine"]["load_end"] = os.getloadavg()
        print(json.dumps(b.results, indent=1))


if __name__ == "__main__":
    main()
