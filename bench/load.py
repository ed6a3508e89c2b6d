"""Under load: wrk against gunicorn, 1 connection then 8, interleaved, for list and detail."""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: wrk's threads for a number of connections (never more threads than connections).
THREADS = {1: 1, 8: 2}


@dataclass
class WrkRun:
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    #: CPU seconds per request of the app (gunicorn workers) and of their PostgreSQL backends.
    cpu_ms: float = 0.0
    #: Cores busy on average during the run: ours (app + database), wrk's, everything else's.
    cores_ours: float = 0.0
    cores_wrk: float = 0.0
    cores_others: float = 0.0


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (those that ended meanwhile count as 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / _TICK


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench installs it when run as root).")
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"wrk latency {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def parse(output: str, connections: int) -> WrkRun:
    """The figures of `wrk --latency`: throughput, p50, p99, requests and every kind of error."""
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if not (p50 and p99 and rate and total):
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx[1])
    return WrkRun(connections, float(rate[1]), _ms(p50[1]), _ms(p99[1]), int(total[1]), errors)


_ROTATE = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format(nil, paths[i])
end
"""


def run_wrk(
    url: str,
    paths: list[str],
    token: str,
    *,
    connections: int,
    seconds: int,
    pids: Callable[[], list[int]] = list,
) -> WrkRun:
    """wrk over `paths` in turn (a script rotates them), with the token header; and where
    the machine's CPU went meanwhile (`pids`: the app's and its database's processes)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_ROTATE % ", ".join(f'"{p}"' for p in paths))
    ours = pids()
    ours_before, busy_before = cpu_seconds(ours), busy_seconds()
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    try:
        output = subprocess.run(
            [
                wrk_path(),
                f"-t{THREADS[connections]}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "--latency",
                "-H",
                f"Authorization: Token {token}",
                "-s",
                script.name,
                url + paths[0],
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(script.name)
    wall = time.monotonic() - started
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours_cpu = cpu_seconds(ours) - ours_before
    busy = busy_seconds() - busy_before
    wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    run = parse(output, connections)
    run.cpu_ms = 1000 * ours_cpu / max(run.requests, 1)
    run.cores_ours = ours_cpu / wall
    run.cores_wrk = wrk_cpu / wall
    run.cores_others = max(0.0, busy - ours_cpu - wrk_cpu) / wall
    return run


def scenario(
    url: str,
    paths: list[str],
    token: str,
    *,
    rounds: int,
    seconds: int,
    pids: Callable[[], list[int]] = list,
) -> dict[str, Any]:
    """1 and 8 connections in turn, `rounds` times each; medians, and every error summed."""
    runs: dict[int, list[WrkRun]] = {1: [], 8: []}
    for r in range(rounds):
        for connections in (1, 8) if r % 2 == 0 else (8, 1):
            runs[connections].append(
                run_wrk(url, paths, token, connections=connections, seconds=seconds, pids=pids)
            )
    out: dict[str, Any] = {}
    for connections, done in runs.items():
        out[f"c{connections}"] = {
            "requests_per_s": statistics.median(r.requests_per_s for r in done),
            "p50_ms": statistics.median(r.p50_ms for r in done),
            "p99_ms": statistics.median(r.p99_ms for r in done),
            "requests": sum(r.requests for r in done),
            "errors": sum(r.errors for r in done),
            "cpu_ms": statistics.median(r.cpu_ms for r in done),
            "cores_ours": statistics.median(r.cores_ours for r in done),
            "cores_wrk": statistics.median(r.cores_wrk for r in done),
            "cores_others": statistics.median(r.cores_others for r in done),
        }
    c1, c8 = out["c1"], out["c8"]
    out["scaling"] = c8["requests_per_s"] / c1["requests_per_s"]
    out["tail_c8"] = c8["p99_ms"] / c8["p50_ms"]
    out["tail_c1"] = c1["p99_ms"] / c1["p50_ms"]
    out["errors"] = c1["errors"] + c8["errors"]
    # The goals are about 8 connections: no errors, p99 within 3× p50, 1.6× the throughput of 1.
    out["met"] = out["errors"] == 0 and out["scaling"] >= 1.6 and out["tail_c8"] <= 3
    return out
