"""Load test of the production stack (run it through `bench/load/run`, which starts PostgreSQL).

    bench/load/run [--users 50] [--duration 90] [--steps 20,50,80,120,160,200] [--step-duration 45]
                   [--values 0] [--arrival 5] [--skip-search] [--with-ramp]

1. Prepares a database (DATABASE_URL): migrate, collectstatic (kept in var/bench-load/static
   between runs), the reference and the demo data; with `--values N`, adds N organisation-level
   values as `bench/dashboard.py` generates them (10,000,000 for the issue's figure: long).
2. Starts gunicorn through `pilote serve` (DEBUG off), PILOTE_WEB_WORKERS × PILOTE_WEB_THREADS
   from the environment (default 2 × 4), and waits for /api/v1/ready.
3. Runs locust headless (bench/load/locustfile.py: the real mix) with --users and prints
   p50/p95/p99 and errors per request type. The users arrive over --arrival seconds, each
   manager logging in (a deliberately slow password hash: 0.2–0.7 s of CPU here) and reading
   the project and report lists; once every user has arrived, --duration seconds of steady
   state are measured, and the arrival's figures (its duration, its logins) are printed apart.
   --with-ramp counts the arrival in the figures instead (--duration then includes it).
4. Then, unless --skip-search, steps through --steps users (--step-duration seconds each) and
   prints the largest number of users at which the p95 of all requests stays under 300 ms
   without any error.

The machine's load average and core count are printed beside the figures: on a shared machine
the figures are pessimistic."""

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def environment(var: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTE_", "EMAIL_"))}
    env.update(
        DATABASE_URL=os.environ["DATABASE_URL"],
        PILOTE_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        PILOTE_VAR_DIR=str(var),
        PILOTE_ALLOWED_HOSTS="127.0.0.1",
        PILOTE_SITE_URL=f"http://127.0.0.1:{port}",
        PILOTE_SECURE_COOKIES="0",
        PILOTE_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        PILOTE_LOGIN_FAILURE_LIMIT="1000",
        PILOTE_WEB_WORKERS=os.environ.get("PILOTE_WEB_WORKERS", "2"),
        PILOTE_WEB_THREADS=os.environ.get("PILOTE_WEB_THREADS", "4"),
    )
    return env


def pilote(env, *args, **kwargs):
    return subprocess.run([str(BIN / "pilote"), *args], env=env, cwd=ROOT, check=True, **kwargs)


def prepare(env: dict, var: Path, values: int) -> None:
    started = time.perf_counter()
    pilote(env, "migrate", "--noinput", "-v0")
    if not (var / "static" / "staticfiles.json").exists():
        pilote(env, "collectstatic", "--noinput", "-v0")
    pilote(env, "load_reference", stdout=subprocess.DEVNULL)
    pilote(env, "load_demo", "--force-without-debug", stdout=subprocess.DEVNULL)
    if values:
        code = (
            "import sys; sys.path.insert(0, '.'); import django; django.setup(); "
            "from bench.dashboard import generate; "
            f"generate({values}, 0)"  # which settles the database (vacuum, analyze) itself
        )
        subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "DJANGO_SETTINGS_MODULE": "pilote.settings.base"},
            cwd=ROOT,
            check=True,
        )
    print(f"base prête en {time.perf_counter() - started:.0f} s", flush=True)


def serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [str(BIN / "pilote"), "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/ready", timeout=5)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"le serveur n'est pas prêt :\n{log.read_text()[-3000:]}")


def locust(
    port: int, users: int, seconds: int, prefix: Path, *, with_ramp: bool, arrival: int
) -> tuple[list[dict], dict]:
    """Runs locust; the users arrive over `arrival` seconds. Unless `with_ramp`, the figures are
    those of `seconds` of steady state, measured once every user has arrived (logged in); the
    arrival's own figures are returned beside them."""
    rate = max(1, users // max(1, arrival))
    arrival_file = Path(f"{prefix}_arrival.json")
    env = dict(os.environ)
    if not with_ramp:
        env.update(
            PILOTE_LOAD_STEADY_SECONDS=str(seconds), PILOTE_LOAD_ARRIVAL_FILE=str(arrival_file)
        )
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench/load/locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(rate),
            "-t",
            # with the steady state, the locustfile stops the run; this is a ceiling
            f"{seconds if with_ramp else seconds + 300}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "10",
        ],
        cwd=ROOT,
        env=env,
        check=False,  # locust exits 1 when a request failed: the figures say which
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads(arrival_file.read_text()) if arrival_file.exists() else {}


def arrival_line(arrival: dict) -> str:
    if not arrival:
        return "arrivée comprise dans les chiffres"
    if arrival.get("timed_out"):
        return (
            f"ÉCHEC de l'arrivée : {arrival['arrived']} utilisateurs sur {arrival['users']} "
            "arrivés (connectés) en 120 s ; chiffres de l'arrivée seule, sans régime établi"
        )
    return (
        f"arrivée de {arrival['users']} utilisateurs en {arrival['seconds']} s : "
        f"{arrival['requests']} requêtes, {arrival['failures']} erreur(s), "
        f"p50 {arrival['p50']} ms, p95 {arrival['p95']} ms ; {arrival['logins']} connexions, "
        f"p50 {arrival['login_p50']} ms, p95 {arrival['login_p95']} ms"
    )


def table(rows: list[dict]) -> None:
    print(
        f"{'type de requête':50} {'n':>6} {'err':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>6}"
    )
    for row in rows:
        if row["Request Count"] == "0":  # only met during the arrival (logins): reset
            continue
        name = row["Name"] if row["Name"] != "Aggregated" else "TOUTES"
        print(
            f"{(row['Type'] + ' ' + name).strip()[:50]:50} {row['Request Count']:>6} "
            f"{row['Failure Count']:>5} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Requests/s']):>6.1f}"
        )


def one_process(env: dict, work: Path, seconds: int = 20, clients: int = 8) -> None:
    """What one web process (1 gunicorn worker × PILOTE_WEB_THREADS) serves: requests per
    second on the national dashboard, `clients` concurrent clients without think time."""
    import statistics
    import threading

    port = 8800 + os.getpid() % 100
    server = serve({**env, "PILOTE_WEB_WORKERS": "1"}, port, work / "one.log")
    url = f"http://127.0.0.1:{port}/tableau-de-bord/"
    times, errors, stop = [], [], time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
                    answer.read()
                times.append(time.perf_counter() - start)
            except OSError as error:
                errors.append(error)

    try:
        urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - warm the process
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=60)
    p95 = statistics.quantiles(times, n=20)[-1] * 1000 if len(times) > 20 else float("nan")
    print(
        f"\nun processus web (1 × {env['PILOTE_WEB_THREADS']} fils), {clients} clients sans "
        f"pause, {seconds} s sur /tableau-de-bord/ (page publique, servie par le cache des pages "
        f"publiques) : {len(times) / seconds:.1f} req/s, "
        f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms, "
        f"{len(errors)} erreur(s) ({machine()})"
    )


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cœurs, charge moyenne {load}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=90, help="secondes")
    parser.add_argument("--steps", default="20,50,80,120,160,200")
    parser.add_argument("--step-duration", type=int, default=45, help="secondes par palier")
    parser.add_argument("--values", type=int, default=0, help="valeurs générées en plus")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument(
        "--one-process", type=int, default=20, help="secondes, un seul processus (0 : non)"
    )
    parser.add_argument(
        "--arrival", type=int, default=5, help="secondes sur lesquelles les utilisateurs arrivent"
    )
    parser.add_argument(
        "--with-ramp",
        action="store_true",
        help="compter l'arrivée des utilisateurs (leurs connexions) dans les chiffres",
    )
    args = parser.parse_args()

    var = ROOT / "var" / "bench-load"
    var.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(var / "media", ignore_errors=True)
    port = 8900 + os.getpid() % 1000
    env = environment(var, port)
    prepare(env, var, args.values)
    work = Path(tempfile.mkdtemp(prefix="pilote-load-"))
    server = serve(env, port, work / "server.log")
    try:
        workers, threads = env["PILOTE_WEB_WORKERS"], env["PILOTE_WEB_THREADS"]
        print(f"gunicorn {workers} processus × {threads} fils, PostgreSQL ; {machine()}")
        counted = (
            "arrivée comprise"
            if args.with_ramp
            else "régime établi, une fois tous les utilisateurs arrivés et connectés"
        )
        print(
            f"\n{args.users} utilisateurs arrivant en {args.arrival} s, {args.duration} s "
            f"({counted}) :",
            flush=True,
        )
        rows, arrival = locust(
            port,
            args.users,
            args.duration,
            work / "main",
            with_ramp=args.with_ramp,
            arrival=args.arrival,
        )
        table(rows)
        print(arrival_line(arrival))
        print(f"après la mesure : {machine()}")
        if not args.skip_search:
            best = None
            print(f"\nrecherche du maximum d'utilisateurs à p95 < {TARGET_P95_MS} ms sans erreur :")
            for users in [int(x) for x in args.steps.split(",")]:
                rows, arrival = locust(
                    port,
                    users,
                    args.step_duration,
                    work / f"step{users}",
                    with_ramp=args.with_ramp,
                    arrival=args.arrival,
                )
                total = rows[-1]
                p95, errors = int(total["95%"]), int(total["Failure Count"])
                ok = p95 < TARGET_P95_MS and errors == 0 and not arrival.get("timed_out")
                print(
                    f"  {users:>4} utilisateurs : p95 {p95} ms, {errors} erreur(s), "
                    f"{float(total['Requests/s']):.1f} req/s {'✔' if ok else '✘'} ({machine()})"
                    f"\n        {arrival_line(arrival)}",
                    flush=True,
                )
                if not ok:
                    break
                best = users
            print(f"maximum : {best if best else 'aucun palier'} utilisateurs")
        errors = [
            line for line in (work / "server.log").read_text().splitlines() if '"status": 5' in line
        ]
        print(f"réponses 5xx dans le journal du serveur : {len(errors)}")
        server.terminate()  # the one-process measure has the machine to itself
        server.wait(timeout=60)
        if args.one_process:
            one_process(env, work, seconds=args.one_process)
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
