"""The CSV export through gunicorn: time to the first byte, and the worker's memory growth.

One worker serves the downloads, so its memory is the export's. Before each download
its peak is reset (`/proc/PID/clear_refs`, Linux) and its resident size read; after,
the growth is the new peak less that size. A small report warms the worker up first
(imports, translations), so the growth is the download's own.
"""

from __future__ import annotations

import http.client
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode


def _status(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return values


def download(port: int, worker: int, token: str, params: dict[str, str]) -> dict[str, Any]:
    """One CSV download: first byte (s), total (s), bytes, lines, the worker's growth (bytes)."""
    Path(f"/proc/{worker}/clear_refs").write_text("5")
    before = _status(worker)["VmRSS"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request(
        "GET",
        "/api/v1/summary/?" + urlencode({**params, "format": "csv"}),
        headers={"Authorization": f"Token {token}"},
    )
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"CSV export answered {response.status}: {response.read()[:500]!r}")
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size, lines = len(first), first.count(b"\n")
    while chunk := response.read(1 << 16):
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - started
    conn.close()
    peak = _status(worker)["VmHWM"]
    return {
        "first_byte_s": first_byte,
        "total_s": total,
        "bytes": size,
        "lines": lines,
        "growth": peak - before,
    }
