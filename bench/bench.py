#!/usr/bin/env python3
"""The measurements of bench/run.sh, which has started the cluster and loaded database `bench_tpl`.

Every timed process is started directly (no shell in between) and reaped with wait4(), which gives its
wall time (start to exit, measured here) and its CPU time. Peak RSS comes from `/usr/bin/time -f %M`
(the "Maximum resident set size" of `time -v`), in runs of their own where timing matters. A/B comparisons interleave their runs
(A B, B A, A B, …) so that drift in the machine's load hits both sides alike, and quote medians.
Writes docs/performance.md and bench/results/scale-<S>.json. Standard library only.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

BETA = "b0000000-0000-4000-8000-000000000001"
USERS_CLIENTS = [
    ("Users-1k", "b0000000-0000-4000-8000-000000000011"),
    ("Users-10k", "b0000000-0000-4000-8000-000000000012"),
    ("Users-100k", "b0000000-0000-4000-8000-000000000013"),
]
EMAIL = "u0000500@users.example.com"  # user 500: a well-formed hash (every 1000th is truncated)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, a):
        self.a = a
        self.scale = float(os.environ.get("BENCH_SCALE", "1"))
        self.runs = int(os.environ.get("BENCH_RUNS", "31"))
        self.reset_runs = int(os.environ.get("BENCH_RESET_RUNS", "7"))
        self.inis = int(os.environ.get("BENCH_INIS", str(max(2, round(200 * self.scale)))))
        self.tmp = tempfile.mkdtemp(prefix="m-", dir=a.work)
        self.audit_log = os.path.join(self.tmp, "audit.jsonl")
        self.results = {"scale": self.scale}
        # A clean environment for everything measured: no PG* variables, no provctl configuration.
        keep = ("PATH", "HOME", "LANG", "TERM", "USER", "LOGNAME")
        self.base_env = {k: v for k, v in os.environ.items() if k in keep}
        self.base_env["LC_ALL"] = "C.UTF-8"
        self.base_env["PROVCTL_AUDIT_LOG"] = self.audit_log
        self.psql_binary = os.path.join(a.pg_bin, "psql")
        if not os.access(self.psql_binary, os.X_OK):
            self.psql_binary = None

    # ------------------------------------------------------------------ helpers
    def url(self, db):
        a = self.a
        return f"postgresql://{a.user}:{a.password}@127.0.0.1:{a.port}/{db}?sslmode=disable"

    def psql_url(self, db):
        # The same URL; gssencmode=disable as well, so libpq does not even look for Kerberos credentials.
        return self.url(db) + "&gssencmode=disable"

    def env_for(self, db, **extra):
        env = dict(self.base_env)
        env["DATABASE_URL"] = self.url(db)
        env.update(extra)
        return env

    def admin(self, db, sql):
        """Runs SQL as the superuser over the Unix socket (not measured); returns stdout."""
        r = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
             "-U", self.a.user, "-d", db, "-c", sql],
            capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"bench: admin SQL failed on {db}: {sql}\n{r.stderr}")
        return r.stdout.strip()

    def admin_file(self, db, path):
        r = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
             "-U", self.a.user, "-d", db, "-f", path], capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"bench: {path} failed on {db}:\n{r.stderr}")

    def copy_db(self, name, template):
        self.admin("postgres", f"DROP DATABASE IF EXISTS {name}")
        self.admin("postgres", f"CREATE DATABASE {name} TEMPLATE {template}")

    def drop_db(self, name):
        self.admin("postgres", f"DROP DATABASE IF EXISTS {name}")

    def run(self, argv, env, expect=(0,), keep_output=False, rss=False):
        """One process, start to exit: wall s, CPU s, exit code (and output if asked). With rss, the
        process runs under `/usr/bin/time -f %M`, which reports its peak RSS: wait4() here cannot, since a
        child forked from this (large) Python process starts life with its RSS, and ru_maxrss keeps it."""
        out_path = os.path.join(self.tmp, "stdout")
        err_path = os.path.join(self.tmp, "stderr")
        rss_path = os.path.join(self.tmp, "rss")
        if rss:
            argv = ["/usr/bin/time", "-f", "%M", "-o", rss_path, *argv]
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        r = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rc": p.returncode}
        if rss:
            with open(rss_path) as f:
                r["rss_kib"] = int(f.read().split()[-1])
        if keep_output or p.returncode not in expect:
            with open(out_path, "rb") as f:
                r["out"] = f.read().decode("utf-8", "replace")
            with open(err_path, "rb") as f:
                r["err"] = f.read().decode("utf-8", "replace")
        if p.returncode not in expect:
            raise SystemExit(
                f"bench: {' '.join(argv[:4])}… exited {p.returncode} (expected {expect}):\n"
                f"{r['err'][-2000:]}\n{r['out'][-1000:]}")
        return r

    def provctl(self, *args):
        return [self.a.provctl, *args]

    def psql(self, db, sql, binary="psql"):
        return [binary, "-X", "-Atc", sql, self.psql_url(db)]

    def psql_bin(self, db, sql):
        """The psql executable itself: on Debian `psql` on PATH is pg_wrapper, a Perl script."""
        return self.psql(db, sql, binary=self.psql_binary or "psql")

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

    def interleaved(self, a_argv, a_env, b_argv, b_env, runs, warmup=3, a_expect=(0,), b_expect=(0,), c_argv=None,
                    rss_all=False):
        """provctl (a) against psql (b), and optionally a third variant (c: psql without the wrapper),
        their order rotating from one round to the next."""
        variants = [(a_argv, a_env, a_expect, []), (b_argv, b_env, b_expect, [])]
        if c_argv:
            variants.append((c_argv, b_env, b_expect, []))
        for _ in range(warmup):
            for argv, env, expect, _ in variants:
                self.run(argv, env, expect)
        for i in range(runs):
            k = i % len(variants)
            order = variants[k:] + variants[:k]
            if (i // len(variants)) % 2:
                order.reverse()
            for argv, env, expect, acc in order:
                acc.append(self.run(argv, env, expect, rss=rss_all))
        if not rss_all:
            # Timed runs go without /usr/bin/time in between; one more run of each gives the peak RSS.
            for argv, env, expect, acc in variants:
                r = self.run(argv, env, expect, rss=True)
                acc[-1]["rss_kib"] = r["rss_kib"]
        sa, sb = self.summary(variants[0][3]), self.summary(variants[1][3])
        out = {"provctl": sa, "psql": sb, "ratio": sa["median_ms"] / sb["median_ms"]}
        if c_argv:
            sc = self.summary(variants[2][3])
            out["psql_bin"] = sc
            out["ratio_bin"] = sa["median_ms"] / sc["median_ms"]
        return out

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
        psqlv = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
        ver = subprocess.run([self.a.provctl, "--version"], capture_output=True, text=True).stdout.strip()
        git = subprocess.run(["git", "-C", self.a.repo, "describe", "--always", "--dirty"], capture_output=True,
                             text=True).stdout.strip()
        self.results["machine"] = {
            "nproc": os.cpu_count(),
            "cpu": cpu,
            "mem_gib": round(mem_kib / 1024 / 1024, 1),
            "kernel": platform.release(),
            "postgres": pg,
            "psql": psqlv,
            "provctl": f"{ver} (git {git})",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_start": os.getloadavg(),
        }
        counts = self.admin("bench_tpl", (
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM api_keys), "
            "(SELECT count(*) FROM api_keys WHERE client_id = 'b0000000-0000-4000-8000-000000000002'), "
            "(SELECT count(*) FROM machines), (SELECT count(*) FROM ingest_events), "
            "(SELECT count(*) FROM metric_instances), (SELECT count(*) FROM samples), "
            "(SELECT count(*) FROM incidents), pg_size_pretty(pg_database_size('bench_tpl'))")).split("|")
        names = ["users", "api_keys", "keys_of_bulk", "machines", "ingest_events", "metric_instances", "samples",
                 "incidents", "db_size"]
        self.results["dataset"] = dict(zip(names, [int(c) for c in counts[:-1]] + [counts[-1]]))
        log(f"dataset: {self.results['dataset']}")

    # ------------------------------------------------------------------ 1. audit commands
    def audits(self):
        db = "bench_audit"
        self.copy_db(db, "bench_tpl")
        env = self.env_for(db)
        cases = [
            ("users --email", ["users", "--email", EMAIL],
             f"select email,role,is_active,updated_at from users where email='{EMAIL}'"),
            ("keys list --client Beta", ["keys", "list", "--client", "Beta"],
             f"select id,name,is_active,machine_id,last_used_at from api_keys where client_id='{BETA}' order by name"),
            ("machines --client Beta", ["machines", "--client", "Beta"],
             f"select id,hostname,fingerprint,is_active,registered_at,last_seen from machines "
             f"where client_id='{BETA}' order by registered_at desc"),
            ("ingest-count --client Beta", ["ingest-count", "--client", "Beta"],
             f"select count(*) as ingest_count from ingest_events where client_id='{BETA}'"),
            ("verify-hash --email", ["verify-hash", "--email", EMAIL],
             f"select email, length(password_hash), left(password_hash, 4), substr(password_hash, 5, 2) "
             f"from users where email='{EMAIL}'"),
        ]
        out = {}
        # Bare process start: what neither side can go below.
        binary = self.psql_binary
        out["_floor"] = self.interleaved(self.provctl("--version"), env, ["psql", "--version"], env, self.runs,
                                         c_argv=[binary, "--version"] if binary else None)
        for name, args, sql in cases:
            log(f"audit: {name} ({self.runs} interleaved rounds)")
            out[name] = self.interleaved(self.provctl(*args), env, self.psql(db, sql), env, self.runs,
                                         c_argv=self.psql_bin(db, sql) if binary else None)
            x = out[name]
            log(f"  provctl {x['provctl']['median_ms']:.1f} ms, psql {x['psql']['median_ms']:.1f} ms "
                f"(ratio {x['ratio']:.2f})" + (f", psql binary {x['psql_bin']['median_ms']:.1f} ms "
                                               f"(ratio {x['ratio_bin']:.2f})" if binary else ""))
        self.results["audit"] = out
        self.drop_db(db)

    # ------------------------------------------------------------------ 2. streaming and scale
    def streaming(self):
        db = "bench_stream"
        self.copy_db(db, "bench_tpl")
        env = self.env_for(db)
        reps = 3
        export, keys_list, verify = [], [], []
        seen = set()
        for prefix in ["k-000", "k-00", "k-0", "k-"]:
            rows = int(self.admin(db, f"SELECT count(*) FROM api_keys WHERE starts_with(name, '{prefix}')"))
            if rows in seen:
                continue
            seen.add(rows)
            log(f"keys export / keys list: {rows} rows")
            like = f"name like '{prefix}%'"
            r = self.interleaved(self.provctl("keys", "export", "--prefix", prefix), env,
                                 self.psql_bin(db, f"select name || ' = ' || key from api_keys where {like} order by name"),
                                 env, reps, warmup=1, rss_all=True)
            export.append({"rows": rows, **r})
            table = [self.run(self.provctl("keys", "list", "--prefix", prefix), env, rss=True) for _ in range(reps)]
            csv = [self.run(self.provctl("-o", "csv", "keys", "list", "--prefix", prefix), env, rss=True)
                   for _ in range(reps)]
            ps = [self.run(self.psql_bin(db, "select id,name,is_active,machine_id,last_used_at from api_keys "
                                         f"where {like} order by name"), env, rss=True) for _ in range(reps)]
            keys_list.append({"rows": rows, "table": self.summary(table), "csv": self.summary(csv),
                              "psql": self.summary(ps)})
        targets = [(name, cid) for name, cid in USERS_CLIENTS] + [(None, None)]
        seen = set()
        for name, cid in targets:
            where = f"where client_id = '{cid}'" if cid else ""
            rows = int(self.admin(db, f"SELECT count(*) FROM users {where}"))
            if rows == 0 or rows in seen:
                continue
            seen.add(rows)
            log(f"verify-hash --all: {rows} rows")
            args = ["verify-hash", "--all"] + (["--client", name] if name else [])
            r = self.interleaved(self.provctl(*args), env,
                                 self.psql_bin(db, f"select email, password_hash from users {where} order by email"),
                                 env, reps, warmup=1, a_expect=(0, 1), rss_all=True)
            verify.append({"rows": rows, **r})
        self.results["export"] = export
        self.results["keys_list"] = keys_list
        self.results["verify_all"] = verify
        self.drop_db(db)

    # ------------------------------------------------------------------ 3. reset-client
    def runbook_sql(self):
        with open(os.path.join(self.a.repo, "bench", "runbook_reset.sql")) as f:
            text = f.read()
        text = text[text.index("begin;"):]
        # The runbook pastes the uuid into one `psql -c` string: so do we.
        return text.replace(":'client_id'", f"'{BETA}'")

    def state(self, db):
        return self.admin(db, (
            f"SELECT (SELECT count(*) FROM machines WHERE client_id = '{BETA}'), "
            f"(SELECT count(*) FROM ingest_events WHERE client_id = '{BETA}'), "
            f"(SELECT count(*) FROM api_keys WHERE client_id = '{BETA}' AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)), "
            f"(SELECT count(*) FROM api_keys WHERE client_id = '{BETA}' AND is_active), "
            "(SELECT count(*) FROM metric_instances), (SELECT count(*) FROM samples), "
            "(SELECT count(*) FROM users), (SELECT count(*) FROM api_keys)"))

    def reset_pairs(self, template, runs, label):
        sql = self.runbook_sql()
        ra, rb = [], []
        states = set()
        for i in range(runs):
            self.copy_db("reset_a", template)
            self.copy_db("reset_b", template)
            a = (self.provctl("reset-client", "--client", "Beta", "--yes"), self.env_for("reset_a"), ra)
            b = ([self.psql_binary or "psql", "-X", "-c", sql, self.psql_url("reset_b")], self.env_for("reset_b"), rb)
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
            raise SystemExit(f"bench: provctl and the runbook left different states: {states}")
        return {"provctl": sa, "psql": sb, "ratio": sa["median_ms"] / sb["median_ms"], "paired_ratio": paired,
                "after": states.pop()}

    def profile_reset(self):
        """Where the time goes, statement by statement: provctl's statements from the server log
        (log_min_duration_statement = 0 on a copy), the runbook's from EXPLAIN ANALYZE (with its per-trigger
        times: the cascades) on another copy."""
        import re
        log_path = os.path.join(self.a.work, "server.log")
        self.copy_db("prof_a", "bench_tpl")
        self.admin("postgres", "ALTER DATABASE prof_a SET log_min_duration_statement = 0")
        offset = os.path.getsize(log_path)
        r = self.run(self.provctl("reset-client", "--client", "Beta", "--yes"), self.env_for("prof_a"))
        with open(log_path, errors="replace") as f:
            f.seek(offset)
            text = f.read()
        entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", text)
        labels = [
            ("AS notification_log_unlinked", "plan: counts of what will go (before the transaction)"),
            ("conrelid::regclass", "plan: missing cascade index check"),
            ("FROM clients", "resolve --client"),
            ("SET LOCAL", "BEGIN; SET LOCAL lock_timeout, statement_timeout"),
            ("START TRANSACTION", "BEGIN; SET LOCAL lock_timeout, statement_timeout"),
            ("WHERE client_id <> $1::uuid AND machine_id IN", "check: other clients' rows reached (in the transaction)"),
            ("DELETE FROM incidents", "DELETE incidents of the machines"),
            ("DELETE FROM ingest_events", "DELETE ingest_events of the client"),
            ("UPDATE api_keys", "UPDATE api_keys: unbind"),
            ("DELETE FROM machines", "DELETE machines (and the cascades)"),
            ("AND (machine_id IS NOT NULL OR last_used_at IS NOT NULL)", "verify before commit"),
            ("COMMIT", "COMMIT"),
            ("SELECT name, is_active", "post-reset check: keys"),
            ("AS ingest_events", "post-reset check: counts"),
        ]
        steps = {}
        order = []
        for e in entries:
            m = re.search(r"duration: ([0-9.]+) ms\s+(?:statement|parse|bind|execute)[^:]*: (.*)", e, re.S)
            if not m:
                continue
            sql = m.group(2)
            label = next((l for k, l in labels if k in sql), "other: " + " ".join(sql.split())[:60])
            if label not in steps:
                order.append(label)
                steps[label] = 0.0
            steps[label] += float(m.group(1))
        self.drop_db("prof_a")
        provctl_steps = [(l, steps[l]) for l in order]

        self.copy_db("prof_b", "bench_tpl")
        script = self.runbook_sql()
        script = "\n".join(l for l in script.splitlines() if not l.strip().startswith("--"))
        stmts = [x.strip() for x in script.split(";") if x.strip()]
        body = []
        for st in stmts:
            if st.lower() in ("begin", "commit"):
                body.append(st + ";")
            else:
                body.append(f"EXPLAIN (ANALYZE, COSTS OFF) {st};")
        path = os.path.join(self.tmp, "profile.sql")
        with open(path, "w") as f:
            f.write("\n".join(body) + "\n")
        out = subprocess.run(
            ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.a.socket, "-p", str(self.a.port),
             "-U", self.a.user, "-d", "prof_b", "-f", path], capture_output=True, text=True, check=True).stdout
        self.drop_db("prof_b")
        runbook = []
        triggers = []
        for line in out.splitlines():
            m = re.search(r"Execution Time: ([0-9.]+) ms", line)
            if m:
                runbook.append(float(m.group(1)))
            m = re.search(r"Trigger for constraint (\S+)(?: on (\S+))?: time=([0-9.]+) calls=(\d+)", line)
            if m:
                triggers.append({"constraint": m.group(1), "table": m.group(2), "ms": float(m.group(3)),
                                 "calls": int(m.group(4))})
        names = ["delete from ingest_events", "delete from machines", "update api_keys set last_used_at=null",
                 "update api_keys set machine_id=null"]
        self.results["reset_profile"] = {
            "provctl_wall_ms": r["wall"] * 1000,
            "provctl_steps": provctl_steps,
            "runbook_steps": list(zip(names, runbook)),
            "triggers": [t for t in triggers if t["ms"] >= 1],
        }

    def reset(self):
        self.profile_reset()
        out = {}
        log(f"reset-client vs the runbook's transaction, no index on ingest_events.machine_id ({self.reset_runs} pairs)")
        out["no_index"] = self.reset_pairs("bench_tpl", self.reset_runs, "no index")
        self.copy_db("bench_tpl_idx", "bench_tpl")
        self.admin("bench_tpl_idx", "CREATE INDEX ingest_events_machine_id_idx ON ingest_events (machine_id)")
        self.admin("bench_tpl_idx", "VACUUM ANALYZE ingest_events")
        log(f"reset-client vs the runbook's transaction, with the index ({self.reset_runs} pairs)")
        out["with_index"] = self.reset_pairs("bench_tpl_idx", self.reset_runs, "with index")

        # The plan alone (--dry-run): provctl's overhead before the transaction.
        self.copy_db("reset_dry", "bench_tpl")
        dry = [self.run(self.provctl("reset-client", "--client", "Beta", "--dry-run"), self.env_for("reset_dry"))
               for _ in range(5)]
        out["dry_run"] = self.summary(dry)
        doctor = self.run(self.provctl("doctor"), self.env_for("reset_dry"), expect=(0, 1), keep_output=True)
        self.copy_db("reset_dry_idx", "bench_tpl_idx")
        doctor_idx = self.run(self.provctl("doctor"), self.env_for("reset_dry_idx"), expect=(0, 1), keep_output=True)
        out["doctor"] = {"rc": doctor["rc"], "lines": [l for l in (doctor["out"] + doctor["err"]).splitlines()
                                                        if "index" in l.lower()],
                         "rc_with_index": doctor_idx["rc"],
                         "lines_with_index": [l for l in (doctor_idx["out"] + doctor_idx["err"]).splitlines()
                                              if "index" in l.lower()]}
        self.drop_db("reset_dry")
        self.drop_db("reset_dry_idx")
        self.drop_db("bench_tpl_idx")

        # With incidents: the runbook's transaction fails, provctl's does not (one run each).
        self.copy_db("bench_tpl_inc", "bench_tpl")
        self.admin_file("bench_tpl_inc", os.path.join(self.a.repo, "bench", "incidents.sql"))
        self.copy_db("reset_a", "bench_tpl_inc")
        self.copy_db("reset_b", "bench_tpl_inc")
        rb = self.run([self.psql_binary or "psql", "-X", "-c", self.runbook_sql(), self.psql_url("reset_b")], self.env_for("reset_b"),
                      expect=(0, 1, 2, 3), keep_output=True)
        ra = self.run(self.provctl("reset-client", "--client", "Beta", "--yes"), self.env_for("reset_a"),
                      expect=(0, 1, 2, 3, 4))
        err = [l for l in rb.get("err", "").splitlines() if l.startswith("ERROR")]
        out["incidents"] = {"incidents": int(self.admin("bench_tpl_inc", "SELECT count(*) FROM incidents")),
                            "psql_rc": rb["rc"], "psql_error": err[0] if err else "",
                            "provctl_rc": ra["rc"], "provctl_ms": ra["wall"] * 1000,
                            "provctl_after": self.state("reset_a")}
        for d in ("reset_a", "reset_b", "bench_tpl_inc"):
            self.drop_db(d)
        self.results["reset"] = out

    # ------------------------------------------------------------------ 4. provision
    def provision(self):
        n = self.inis
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
        alt = os.environ.get("BENCH_PROVCTL_ALT")
        alt_result = None
        if alt:
            # An experimental build (e.g. a scratch copy with a src change) against this one, same database.
            log(f"re-run: this build against BENCH_PROVCTL_ALT={alt}")
            r = self.interleaved(self.provctl("provision", "--yes", ini_dir), env, [alt, "provision", "--yes", ini_dir],
                                 env, 7, warmup=1)
            alt_result = {"path": alt, "this": r["provctl"], "alt": r["psql"], "ratio": r["ratio"]}
        # The same re-run once the 200k keys of client Bulk are gone: provision reads each client's keys with
        # `WHERE client_id = …`, and api_keys has no index on client_id.
        small = "bench_prov_small"
        self.copy_db(small, db)
        self.admin(small, "DELETE FROM api_keys WHERE client_id = 'b0000000-0000-4000-8000-000000000002'")
        self.admin(small, "VACUUM FULL ANALYZE api_keys")
        keys_small = int(self.admin(small, "SELECT count(*) FROM api_keys"))
        env_small = self.env_for(small, PROVISION_CLIENT="true")
        rerun_small = [self.run(self.provctl("provision", "--yes", ini_dir), env_small) for _ in range(7)]
        self.drop_db(small)
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
            "rerun": self.summary(reruns), "dry_run": self.summary(dry),
            "api_keys": keys_total, "api_keys_small": keys_small, "rerun_small": self.summary(rerun_small),
            "alt": alt_result,
        }
        self.drop_db(db)

    # ------------------------------------------------------------------ report
    def write(self):
        self.results["machine"]["load_end"] = os.getloadavg()
        rdir = os.path.join(self.a.repo, "bench", "results")
        os.makedirs(rdir, exist_ok=True)
        tag = f"{self.scale:g}"
        with open(os.path.join(rdir, f"scale-{tag}.json"), "w") as f:
            json.dump(self.results, f, indent=1)
        others = []
        for path in sorted(glob.glob(os.path.join(rdir, "scale-*.json"))):
            with open(path) as f:
                r = json.load(f)
            if r.get("scale") != self.scale:
                others.append(r)
        text = render(self.results, others, os.path.join(self.a.repo, "bench", "notes.md"))
        with open(self.a.out, "w") as f:
            f.write(text)
        log(f"wrote {self.a.out} and bench/results/scale-{tag}.json")


# ---------------------------------------------------------------------- markdown
def ms(x):
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def secs(x_ms):
    return f"{x_ms / 1000:.2f} s"


def verdict(ok):
    return "**met**" if ok else "**NOT met**"


def render(r, others, notes_path):
    m, d = r["machine"], r["dataset"]
    L = []
    w = L.append
    w("# Performance")
    w("")
    w("Generated by `bench/run.sh` (do not edit by hand: re-run it; the prose under *Findings* comes from")
    w("`bench/notes.md`). Contract: spec.md, section *Performance*; issue 8.")
    w("")
    w("## Run")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| date | {m['date']} |")
    w(f"| BENCH_SCALE | **{r['scale']:g}** |")
    w(f"| machine | {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['mem_gib']} GiB RAM, Linux {m['kernel']} |")
    w(f"| load average (1/5/15 min) | start {', '.join(f'{x:.2f}' for x in m['load_start'])}; "
      f"end {', '.join(f'{x:.2f}' for x in m['load_end'])} (a shared machine: other builds ran meanwhile) |")
    w(f"| server | {m['postgres']}, throwaway cluster: fsync off, shared_buffers 256MB, autovacuum off |")
    w(f"| client | {m['psql']}; {m['provctl']} built with `cargo build --release` |")
    w("| connection | both sides: TCP 127.0.0.1, SCRAM-SHA-256 password, the same URL with `sslmode=disable` "
      "(psql also `gssencmode=disable`); provctl reads it from `DATABASE_URL`, psql from its argument |")
    w(f"| dataset | {d['users']:,} users, {d['api_keys']:,} API keys ({d['keys_of_bulk']:,} of client Bulk), "
      f"{d['machines']:,} machines, {d['ingest_events']:,} ingest events, {d['metric_instances']:,} metric instances, "
      f"{d['samples']:,} samples, {d['incidents']} incidents; {d['db_size']} |")
    w("| timing | each process from spawn to exit (wait4); A/B runs interleaved (A B, B A, …); medians |")
    w("")

    # ---- targets
    a = r["audit"]
    cmds = [k for k in a if not k.startswith("_")]
    has_bin = "ratio_bin" in a[cmds[0]]

    def strict(k):
        return a[k]["ratio_bin"] if has_bin else a[k]["ratio"]

    worst = max(strict(k) for k in cmds)
    med_ratio = statistics.median(strict(k) for k in cmds)
    worst_wrapper = max(a[k]["ratio"] for k in cmds)
    exp = sorted(r["export"], key=lambda e: e["rows"])
    ver = sorted(r["verify_all"], key=lambda e: e["rows"])
    peak_stream = max([e["provctl"]["rss_max_mib"] for e in exp] + [v["provctl"]["rss_max_mib"] for v in ver])
    rs = r["reset"]["no_index"]
    p = r["provision"]
    w("## Targets")
    w("")
    w("| target | measured | |")
    w("|---|---|---|")
    against = "the psql binary" if has_bin else "psql"
    w(f"| audit commands no slower than psql (every median ratio ≤ 1.0) | worst ratio {worst:.2f} against {against}"
      + (f", {worst_wrapper:.2f} against `psql` on PATH" if has_bin else "") + f" | {verdict(worst <= 1.0)} |")
    w(f"| spec: audit median ratio ≤ 0.25 | against {against}: {', '.join(format(strict(k), '.2f') for k in cmds)} "
      f"(median {med_ratio:.2f})" + (f"; against `psql` on PATH: {', '.join(format(a[k]['ratio'], '.2f') for k in cmds)}"
                                     if has_bin else "") + f" | {verdict(worst <= 0.25)} |")
    w(f"| `keys export`, `verify-hash --all` streamed: peak RSS ≤ 16 MB (issue) at up to "
      f"{max(e['rows'] for e in exp):,} / {max(v['rows'] for v in ver):,} rows | max {peak_stream:.1f} MiB | "
      f"{verdict(peak_stream * 1.048576 <= 16)} |")
    w(f"| spec: the same ≤ 10 MB | max {peak_stream:.1f} MiB | {verdict(peak_stream * 1.048576 <= 10)} |")
    w(f"| `reset-client` within 1.10× of the runbook's transaction | {rs['ratio']:.2f}× "
      f"({secs(rs['provctl']['median_ms'])} vs {secs(rs['psql']['median_ms'])}) | {verdict(rs['ratio'] <= 1.10)} |")
    w(f"| `provision` first run bounded by bcrypt over the cores | {p['first_ratio_achievable']:.2f}× what the cores "
      f"gave bcrypt during the run ({p['first_ratio']:.2f}× the idle-machine ideal {p['inis']} × one hash / "
      f"{p['cores']}); CPU {ms(p['cpu_per_hash_ms'])} ms per INI vs {ms(p['one_hash_ms'])} ms per hash | "
      f"{verdict(p['first_ratio_achievable'] <= 1.25)} (≤ 1.25×) |")
    w(f"| `provision` re-run of {p['inis']} INIs under 1 s | {secs(p['rerun']['median_ms'])} on the dataset "
      f"({p['api_keys']:,} API keys); {secs(p['rerun_small']['median_ms'])} with {p['api_keys_small']:,} keys | "
      f"{verdict(p['rerun']['median_ms'] < 1000)} on the dataset, "
      f"{verdict(p['rerun_small']['median_ms'] < 1000).replace('**', '')} with few keys |")
    w("")

    # ---- audit
    w("## Audit commands against `psql -X -Atc`")
    w("")
    w(f"{a[cmds[0]]['provctl']['n']} interleaved rounds per command (the order of the variants rotates each round), "
      "after 3 warm-up rounds. provctl prints its default table; psql prints unaligned tuples. Times in ms, process "
      "start to exit. On Debian, `psql` on PATH is `pg_wrapper`, a Perl script that picks a version and then execs "
      "the real psql: it costs tens of ms by itself, so the real binary (`/usr/lib/postgresql/<v>/bin/psql`, "
      "what the runbook's `db` container runs) is measured too, and the targets are judged against it.")
    w("")
    if has_bin:
        w("| command | provctl median (q1–q3) | `psql` on PATH median | ratio | psql binary median (q1–q3) | ratio | "
          "provctl CPU | psql binary CPU | provctl RSS | psql binary RSS |")
        w("|---|---|---|---|---|---|---|---|---|---|")
    else:
        w("| command | provctl median (q1–q3) | psql median (q1–q3) | ratio | provctl CPU | psql CPU | provctl RSS | psql RSS |")
        w("|---|---|---|---|---|---|---|---|")
    for k in ["_floor"] + cmds:
        x = a[k]
        label = "`--version` (process start only)" if k == "_floor" else f"`{k}`"
        pv = x["provctl"]
        if has_bin:
            b = x["psql_bin"]
            w(f"| {label} | {ms(pv['median_ms'])} ({ms(pv['q1_ms'])}–{ms(pv['q3_ms'])}) | {ms(x['psql']['median_ms'])} | "
              f"{x['ratio']:.2f} | {ms(b['median_ms'])} ({ms(b['q1_ms'])}–{ms(b['q3_ms'])}) | **{x['ratio_bin']:.2f}** | "
              f"{ms(pv['cpu_ms'])} | {ms(b['cpu_ms'])} | {pv['rss_max_mib']:.1f} MiB | {b['rss_max_mib']:.1f} MiB |")
        else:
            b = x["psql"]
            w(f"| {label} | {ms(pv['median_ms'])} ({ms(pv['q1_ms'])}–{ms(pv['q3_ms'])}) | "
              f"{ms(b['median_ms'])} ({ms(b['q1_ms'])}–{ms(b['q3_ms'])}) | **{x['ratio']:.2f}** | "
              f"{ms(pv['cpu_ms'])} | {ms(b['cpu_ms'])} | {pv['rss_max_mib']:.1f} MiB | {b['rss_max_mib']:.1f} MiB |")
    w("")
    w("Same query on both sides: `users --email` = `select email,role,is_active,updated_at from users where email=…`; "
      "`keys list --client Beta` = the runbook's key listing for Beta's uuid (provctl resolves the name first: one more "
      "round trip); `machines`, `ingest-count` = the runbook's queries for Beta's uuid; `verify-hash --email` = "
      "`select email, length(password_hash), left(password_hash,4), substr(password_hash,5,2) …`.")
    w("")

    # ---- streaming
    w("## Streaming: peak memory against rows")
    w("")
    w("Peak RSS from `/usr/bin/time -f %M` (the *Maximum resident set size* of `time -v`); 3 interleaved runs per "
      "point, each under `time` (so times include its fork, ~1 ms); output to a file. For scale: `provctl --version` "
      f"peaks at {a['_floor']['provctl']['rss_max_mib']:.1f} MiB.")
    w("")
    w("| rows | `keys export --prefix` RSS | time | psql binary `-Atc`, same rows: RSS | time |")
    w("|---|---|---|---|---|")
    for e in exp:
        w(f"| {e['rows']:,} | {e['provctl']['rss_max_mib']:.1f} MiB | {ms(e['provctl']['median_ms'])} ms | "
          f"{e['psql']['rss_max_mib']:.1f} MiB | {ms(e['psql']['median_ms'])} ms |")
    w("")
    w("| rows | `verify-hash --all` RSS | time | psql binary `-Atc` email, hash: RSS | time |")
    w("|---|---|---|---|---|")
    for v in ver:
        w(f"| {v['rows']:,} | {v['provctl']['rss_max_mib']:.1f} MiB | {ms(v['provctl']['median_ms'])} ms | "
          f"{v['psql']['rss_max_mib']:.1f} MiB | {ms(v['psql']['median_ms'])} ms |")
    w("")
    w("`keys list` is not a streaming command (a table needs every row to size its columns); for scale:")
    w("")
    w("| rows | `keys list` (table) RSS | time | `-o csv` RSS | time | psql RSS | time |")
    w("|---|---|---|---|---|---|---|")
    for k in sorted(r["keys_list"], key=lambda e: e["rows"]):
        w(f"| {k['rows']:,} | {k['table']['rss_max_mib']:.1f} MiB | {ms(k['table']['median_ms'])} ms | "
          f"{k['csv']['rss_max_mib']:.1f} MiB | {ms(k['csv']['median_ms'])} ms | "
          f"{k['psql']['rss_max_mib']:.1f} MiB | {ms(k['psql']['median_ms'])} ms |")
    w("")

    # ---- reset
    R = r["reset"]
    w("## `reset-client` against the runbook's transaction")
    w("")
    w(f"Each pair runs on two fresh copies of the same database (`CREATE DATABASE … TEMPLATE`, outside the timing): "
      f"`provctl reset-client --client Beta --yes` on one, `psql -X -c \"begin; delete …; commit;\"` (the runbook's "
      f"text, `bench/runbook_reset.sql`) on the other, order alternating. Client Beta: {d['machines']:,} machines, "
      f"{d['ingest_events']:,} ingest events, {d['metric_instances']:,} metric instances, {d['samples']:,} samples, "
      f"{d['machines'] + 4} keys ({d['machines']} bound). **The dataset has no incidents**: the runbook's SQL fails "
      f"when machines have incidents (check constraint), so it could not be timed otherwise (see below). Both sides "
      f"leave the same state (checked on the first pair).")
    w("")
    w(f"{R['no_index']['provctl']['n']} pairs per schema.")
    w("")
    w("| schema | provctl median (min) | runbook psql median (min) | ratio of the medians |")
    w("|---|---|---|---|")
    for key, label in [("no_index", "as deployed: no index on `ingest_events.machine_id`"),
                       ("with_index", "with `CREATE INDEX ON ingest_events (machine_id)`")]:
        x = R[key]
        w(f"| {label} | {secs(x['provctl']['median_ms'])} ({secs(x['provctl']['min_ms'])}) | "
          f"{secs(x['psql']['median_ms'])} ({secs(x['psql']['min_ms'])}) | **{x['ratio']:.2f}** "
          f"(median of the {x['provctl']['n']} pairs' ratios: {x.get('paired_ratio', x['ratio']):.2f}) |")
    w("")
    w(f"- The missing index costs a reset {secs(R['no_index']['psql']['median_ms'] - R['with_index']['psql']['median_ms'])} "
      f"with the runbook ({R['no_index']['psql']['median_ms'] / R['with_index']['psql']['median_ms']:.1f}× slower) and "
      f"{secs(R['no_index']['provctl']['median_ms'] - R['with_index']['provctl']['median_ms'])} with provctl "
      f"({R['no_index']['provctl']['median_ms'] / R['with_index']['provctl']['median_ms']:.1f}×).")
    w(f"- `reset-client --dry-run` (connect, resolve, the plan's counts, the index check): "
      f"{ms(R['dry_run']['median_ms'])} ms median.")
    inc = R["incidents"]
    w(f"- With {inc['incidents']} `NO_DATA_MACHINE` incidents added (`bench/incidents.sql`): the runbook's "
      f"transaction exits {inc['psql_rc']} with `{inc['psql_error']}` and changes nothing; `provctl reset-client` "
      f"exits {inc['provctl_rc']} in {secs(inc['provctl_ms'])} (state after: `{inc['provctl_after']}` = machines, "
      f"events, bound keys, active keys, metric instances, samples, users, keys).")
    w(f"- `provctl doctor` on the deployed schema (exit {R['doctor']['rc']}):")
    w("")
    w("  ```")
    for line in R["doctor"]["lines"]:
        w(f"  {line.rstrip()}")
    w("  ```")
    w("")
    gone = not any("ingest_events.machine_id" in l for l in R["doctor"]["lines_with_index"])
    w(f"  With the index, doctor {'no longer reports `ingest_events.machine_id`' if gone else 'STILL reports it'} "
      f"({sum('no index on' in l for l in R['doctor']['lines_with_index'])} other unindexed cascade paths remain, on "
      f"tables this dataset leaves empty; exit {R['doctor']['rc_with_index']}).")
    w("")
    P = r.get("reset_profile")
    if P:
        w("### Where a reset's time goes (one run of each, on copies, schema as deployed)")
        w("")
        w(f"provctl, from the server log (`log_min_duration_statement = 0`; parse + bind + execute per statement), "
          f"process wall time {secs(P['provctl_wall_ms'])}:")
        w("")
        w("| provctl step | server time |")
        w("|---|---|")
        total = 0.0
        for label, t in P["provctl_steps"]:
            total += t
            w(f"| {label} | {ms(t)} ms |")
        w(f"| *sum on the server* / *the rest: start-up, connection, round trips, output* | *{ms(total)} ms* / "
          f"*{ms(P['provctl_wall_ms'] - total)} ms* |")
        w("")
        w("The runbook's transaction, statement by statement (`EXPLAIN ANALYZE`, which adds its own overhead), and the "
          "foreign-key triggers that `delete from machines` fires:")
        w("")
        w("| runbook statement | time |")
        w("|---|---|")
        for label, t in P["runbook_steps"]:
            w(f"| `{label} …` | {ms(t)} ms |")
        w("")
        w("| trigger (ON DELETE action) | calls | time |")
        w("|---|---|---|")
        for t in sorted(P["triggers"], key=lambda t: -t["ms"]):
            w(f"| `{t['constraint']}`{' on ' + t['table'] if t['table'] else ''} | {t['calls']:,} | {ms(t['ms'])} ms |")
        w("")

    # ---- provision
    w("## `provision` of many INIs")
    w("")
    w(f"{p['inis']} INIs (client, admin with generated password, 4 keys, settings, 2 HTTP targets each) in one "
      f"invocation (`provision --yes DIR`), on a copy of the dataset.")
    w("")
    w("| | wall | CPU (user+sys) | RSS |")
    w("|---|---|---|---|")
    w(f"| one bcrypt cost-12 hash, one thread (`bench/bcrypt-one`, median of 7) | {ms(p['one_hash_ms'])} ms | | |")
    w(f"| ideal first run: {p['inis']} × one hash / {p['cores']} cores (idle machine) | "
      f"{secs(p['expected_first_ms'])} | | |")
    w(f"| achievable first run: {p['inis']} × one hash as the {p['cores']} cores delivered it just before and after "
      f"(`bcrypt-one {2 * p['cores']} 12 {p['cores']}`: {ms(p['parallel_hash_ms'][0])} and "
      f"{ms(p['parallel_hash_ms'][1])} ms per hash) | {secs(p['achievable_first_ms'])} | | |")
    w(f"| first run ({p['clients_created']} clients created, {p['secrets_files']} secrets files) | "
      f"{secs(p['first']['wall_ms'])} (**{p['first_ratio_achievable']:.2f}×** achievable, {p['first_ratio']:.2f}× ideal) | "
      f"{secs(p['first']['cpu_ms'])} | {p['first']['rss_mib']:.1f} MiB |")
    w(f"| re-run, nothing to create (median of {p['rerun']['n']}) | **{secs(p['rerun']['median_ms'])}** | "
      f"{secs(p['rerun']['cpu_ms'])} | {p['rerun']['rss_max_mib']:.1f} MiB |")
    w(f"| `--dry-run` after it (median of {p['dry_run']['n']}) | {secs(p['dry_run']['median_ms'])} | "
      f"{secs(p['dry_run']['cpu_ms'])} | |")
    w(f"| re-run with client Bulk's keys deleted (api_keys {p['api_keys']:,} → {p['api_keys_small']:,} rows; median of "
      f"{p['rerun_small']['n']}) | **{secs(p['rerun_small']['median_ms'])}** | {secs(p['rerun_small']['cpu_ms'])} | |")
    if p.get("alt"):
        x = p["alt"]
        w(f"| experiment: re-run with `BENCH_PROVCTL_ALT` (`{x['path']}`), interleaved with this build "
          f"(this build {secs(x['this']['median_ms'])}) | **{secs(x['alt']['median_ms'])}** | "
          f"{secs(x['alt']['cpu_ms'])} | |")
    w("")

    # ---- other scales
    if others:
        w("## Measured points at other scales")
        w("")
        w("From `bench/results/scale-*.json` (earlier runs of this script at another `BENCH_SCALE`, same machine), "
          "next to this run, for how each command's cost grows with rows:")
        w("")
        runs = sorted(others + [r], key=lambda x: x["scale"])
        w("| | " + " | ".join(f"scale {x['scale']:g} ({x['machine']['date'][:10]})" for x in runs) + " |")
        w("|---|" + "---|" * len(runs))

        def row(label, f):
            cells = []
            for x in runs:
                try:
                    cells.append(f(x))
                except (KeyError, IndexError, TypeError):
                    cells.append("–")
            w(f"| {label} | " + " | ".join(cells) + " |")

        row("users / ingest events / samples",
            lambda x: f"{x['dataset']['users']:,} / {x['dataset']['ingest_events']:,} / {x['dataset']['samples']:,}")
        for k in cmds:
            row(f"`{k}` provctl / psql binary ms",
                lambda x, k=k: f"{ms(x['audit'][k]['provctl']['median_ms'])} / "
                               f"{ms(x['audit'][k].get('psql_bin', x['audit'][k]['psql'])['median_ms'])}")
        row("`keys export` largest: rows, RSS, time",
            lambda x: f"{x['export'][-1]['rows']:,}, {x['export'][-1]['provctl']['rss_max_mib']:.1f} MiB, "
                      f"{ms(x['export'][-1]['provctl']['median_ms'])} ms")
        row("`verify-hash --all` largest: rows, RSS, time",
            lambda x: f"{x['verify_all'][-1]['rows']:,}, {x['verify_all'][-1]['provctl']['rss_max_mib']:.1f} MiB, "
                      f"{ms(x['verify_all'][-1]['provctl']['median_ms'])} ms")
        row("reset, no index: provctl / runbook",
            lambda x: f"{secs(x['reset']['no_index']['provctl']['median_ms'])} / "
                      f"{secs(x['reset']['no_index']['psql']['median_ms'])}")
        row("reset, with index: provctl / runbook",
            lambda x: f"{secs(x['reset']['with_index']['provctl']['median_ms'])} / "
                      f"{secs(x['reset']['with_index']['psql']['median_ms'])}")
        row("provision: INIs, first run, re-run",
            lambda x: f"{x['provision']['inis']}, {secs(x['provision']['first']['wall_ms'])}, "
                      f"{secs(x['provision']['rerun']['median_ms'])}")
        w("")

    if os.path.exists(notes_path):
        with open(notes_path) as f:
            w(f.read().rstrip())
        w("")
    return "\n".join(L)


def render_only(results_path, out_path):
    """Re-renders the doc from a stored run (after editing bench/notes.md): no measurement."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(results_path) as f:
        r = json.load(f)
    others = []
    for path in sorted(glob.glob(os.path.join(here, "results", "scale-*.json"))):
        with open(path) as f:
            o = json.load(f)
        if o.get("scale") != r["scale"]:
            others.append(o)
    with open(out_path, "w") as f:
        f.write(render(r, others, os.path.join(here, "notes.md")))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--render":
        # python3 bench/bench.py --render bench/results/scale-1.json docs/performance.md
        return render_only(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    for opt in ("provctl", "bcrypt-one", "repo", "work", "pg-bin", "port", "user", "password", "socket", "out"):
        ap.add_argument(f"--{opt}", required=True)
    a = ap.parse_args()
    b = Bench(a)
    b.machine()
    only = os.environ.get("BENCH_ONLY", "audits,streaming,reset,provision").split(",")
    for step in ("audits", "streaming", "reset", "provision"):
        if step in only:
            getattr(b, step)()
    if set(only) >= {"audits", "streaming", "reset", "provision"}:
        b.write()
    else:
        print(json.dumps(b.results, indent=1))


if __name__ == "__main__":
    main()
