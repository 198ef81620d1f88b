#!/usr/bin/env python3
"""On-demand soak of the run store and the dashboard (never run in CI).

1. Fifty runs at once on one new store, with a cold compiled-script cache: half started as
   `tagship run` processes, half through a serving dashboard's API (each a child process of it).
   Beside them, twenty more `tagship run`s are killed with kill -9 at random moments.
   Reported, each with its goal: runs lost (0), runs left RUNNING once the store is opened
   again (0), orphan step processes (0), tagship temporary folders left (0).
2. `GET /api/runs?limit=50` on a store of 10,000 runs and 5 million log lines (goal: median under
   50 ms), beside the same query through Python's sqlite3 on the same file: the floor any
   dashboard could reach, measured in the same run (the ratio is tagship's overhead over it).

Usage: bench/soak.py [--runs 50] [--kills 20] [--kill-window 60] [--store-runs 10000]
                     [--log-lines 5000000]
Needs target/tagship.jar (./tagship builds it).
"""
import argparse
import json
import os
import random
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("TAGSHIP_JAR", ROOT / "target" / "tagship.jar"))
MARK = "tagship-soak-sleep"

JENKINSFILE = """pipeline {
  agent any
  stages {
    stage('Build') { steps { sh 'echo building; sleep $(( $$ %% 3 ))' } }
    stage('Test') {
      steps {
        sh 'bash -c "exec -a %s sleep 2" & wait'
        script { (1..200).each { echo "test line ${it}" } }
      }
    }
  }
}
""" % MARK


def java(tmp, *args):
    return ["java", "-XX:TieredStopAtLevel=1", f"-Djava.io.tmpdir={tmp}", "-jar", str(JAR), *args]


def environment(work, token=None):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(work / "home"),
        "USER": "soak",
        "TAGSHIP_CACHE": str(work / "cold-cache"),
        # the dashboard's run processes inherit it: their temporary folders land in the soak's
        "JAVA_TOOL_OPTIONS": f"-Djava.io.tmpdir={work / 'tmp'}",
    }
    if token:
        env["TAGSHIP_UI_TOKEN"] = token
    return env


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, token, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=120) as answer:
        return json.loads(answer.read() or b"null")


def serve(work, store, pipelines, token):
    port = free_port()
    process = subprocess.Popen(
        java(work / "tmp", "serve", "--port", str(port), "--store", str(store), "--pipelines", str(pipelines)),
        env=environment(work, token),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:
        if "tagship serve: http" in line:
            threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()
            return process, f"http://127.0.0.1:{port}"
    raise SystemExit("tagship serve did not start")


def soak(args, work):
    store = work / "home" / "runs.db"
    workspace = work / "shop"
    pipelines = work / "pipelines"
    for folder in (workspace, pipelines / "shop", work / "tmp", work / "home"):
        folder.mkdir(parents=True, exist_ok=True)
    (workspace / "Jenkinsfile").write_text(JENKINSFILE)
    (pipelines / "shop" / "Jenkinsfile").write_text(JENKINSFILE)
    token = secrets.token_hex(32)
    dashboard, url = serve(work, store, pipelines, token)

    cli_runs = args.runs // 2
    web_runs = args.runs - cli_runs
    started = time.monotonic()
    def tagship_run(name):
        return subprocess.Popen(
            java(work / "tmp", "run", "--store", str(store), "--workspace", str(workspace), "--name", name),
            env=environment(work),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    processes = [tagship_run("cli") for _ in range(cli_runs)]
    victims = [tagship_run("killed") for _ in range(args.kills)]
    web_ids, web_errors = [], []

    def start_web():
        try:
            web_ids.append(request(url + "/api/pipelines/shop/runs", token, "POST", {})["id"])
        except Exception as e:  # counted as lost below
            web_errors.append(str(e))

    starters = [threading.Thread(target=start_web) for _ in range(web_runs)]
    for t in starters:
        t.start()
    # each victim is killed at a random moment of its life: starting, compiling, mid-step, ending
    killers = [
        threading.Timer(random.uniform(1, args.kill_window), victim.send_signal, args=(signal.SIGKILL,))
        for victim in victims
    ]
    for k in killers:
        k.start()
    for t in starters:
        t.join()
    for k in killers:
        k.join()
    cli_exits = [p.wait() for p in processes]
    for victim in victims:
        victim.wait()
    while True:
        runs = request(url + "/api/runs?limit=1000", token)
        if not any(r["running"] for r in runs if r["pipeline"] == "shop"):
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    dashboard.send_signal(signal.SIGTERM)
    dashboard.wait(30)

    # Whoever opens the store next marks the killed runs' owners gone.
    listing = subprocess.run(
        java(work / "tmp", "runs", "--store", str(store), "--limit", "1000", "--output", "json"),
        env=environment(work),
        capture_output=True,
        text=True,
    )
    db = sqlite3.connect(store)
    rows = db.execute("SELECT pipeline, result FROM runs").fetchall()
    db.close()
    by = lambda pipeline, result=None: sum(
        1 for p, r in rows if p == pipeline and (result is None or r == result)
    )
    recorded_cli = by("cli", "SUCCESS")
    recorded_web = by("shop", "SUCCESS")
    left_running = sum(1 for _, r in rows if r is None)
    orphans = subprocess.run(["pgrep", "-f", MARK], capture_output=True, text=True).stdout.split()
    time.sleep(1)
    # a tagship process that has ended leaves its folder for the next one to sweep: one more run
    tagship_run("last").wait()
    left_folders = [p.name for p in (work / "tmp").iterdir() if p.name.startswith("tagship-")]
    lost = (cli_runs - recorded_cli) + (web_runs - recorded_web)
    print(f"soak: {args.runs} runs ({cli_runs} CLI, {web_runs} dashboard) and {args.kills} kill -9, in {elapsed:.1f} s")
    print(f"  runs lost:               {lost:4d}  (goal 0; CLI exits non-zero: {sum(1 for e in cli_exits if e)}, dashboard refusals: {len(web_errors)})")
    print(f"  killed runs recorded:    {by('killed'):4d}  of {args.kills}, ABORTED {by('killed', 'ABORTED')} (killed before recording: {args.kills - by('killed')})")
    print(f"  runs left RUNNING:       {left_running:4d}  (goal 0; `tagship runs` exit {listing.returncode})")
    print(f"  orphan step processes:   {len(orphans):4d}  (goal 0)")
    print(f"  temporary folders left:  {len(left_folders):4d}  (goal 0) {left_folders[:3]}")
    for message in web_errors[:3]:
        print("  dashboard refused:", message)
    return lost == 0 and left_running == 0 and not orphans and not left_folders


def latency(args, work):
    store = work / f"big-{args.store_runs}-{args.log_lines}" / "runs.db"
    store.parent.mkdir(parents=True, exist_ok=True)
    if not store.exists():
        # let tagship lay the store out, then fill it as runs would
        subprocess.run(java(work / "tmp", "runs", "--store", str(store)), env=environment(work), capture_output=True)
        db = sqlite3.connect(store)
        lines_per_run = args.log_lines // args.store_runs
        start = time.monotonic()
        with db:
            db.executemany(
                "INSERT INTO runs (pipeline, number, result, started_at, duration_ms, parameters) VALUES (?, ?, 'SUCCESS', '2026-12-07T10:00:00Z', 1000, '{}')",
                ((f"p{n % 20}", n // 20 + 1) for n in range(args.store_runs)),
            )
            for run in range(1, args.store_runs + 1):
                db.executemany(
                    "INSERT INTO log (run_id, line, text) VALUES (?, ?, ?)",
                    ((run, line, f"[Pipeline] echo line {line} of run {run}") for line in range(lines_per_run)),
                )
        db.close()
        print(f"latency: made a store of {args.store_runs} runs and {args.log_lines} log lines in {time.monotonic() - start:.0f} s")
    token = secrets.token_hex(32)
    dashboard, url = serve(work, store, work / "pipelines", token)
    try:
        for _ in range(20):
            request(url + "/api/runs?limit=50", token)
        tagship = []
        for _ in range(200):
            t = time.perf_counter()
            request(url + "/api/runs?limit=50", token)
            tagship.append((time.perf_counter() - t) * 1000)
    finally:
        dashboard.send_signal(signal.SIGTERM)
        dashboard.wait(30)
    db = sqlite3.connect(store)
    floor = []
    for _ in range(200):
        t = time.perf_counter()
        db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 50").fetchall()
        floor.append((time.perf_counter() - t) * 1000)
    db.close()
    median, p95 = statistics.median(tagship), sorted(tagship)[int(len(tagship) * 0.95)]
    base = statistics.median(floor)
    print(f"latency: GET /api/runs?limit=50 median {median:.1f} ms, p95 {p95:.1f} ms (goal: under 50 ms)")
    print(f"  peer floor, the same query in Python's sqlite3: median {base:.2f} ms; ratio {median / base:.1f}x (HTTP, sign-in and JSON included)")
    return median < 50


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--kills", type=int, default=20)
    # fifty JVMs starting at once on a small machine take a minute to get going: kill within it
    parser.add_argument("--kill-window", type=float, default=60)
    parser.add_argument("--store-runs", type=int, default=10_000)
    parser.add_argument("--log-lines", type=int, default=5_000_000)
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit(f"no {JAR}: run ./tagship --version (or mvn -q package -DskipTests) first")
    work = ROOT / "bench" / "work" / "soak"
    shutil.rmtree(work / "home", ignore_errors=True)
    shutil.rmtree(work / "cold-cache", ignore_errors=True)
    shutil.rmtree(work / "tmp", ignore_errors=True)
    ok = soak(args, work)
    ok = latency(args, work) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
