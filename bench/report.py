"""The results as Markdown tables: `python -m bench.report var/bench/100k.json var/bench/1m.json`.

With `--doc docs/performance.md` the tables replace what stands between the markers
`<!-- bench:results -->` and `<!-- /bench:results -->` in that file; the rest of the
document (the analysis) is left as written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

START, END = "<!-- bench:results -->", "<!-- /bench:results -->"


def _yes(met: bool) -> str:
    return "met" if met else "**missed**"


def summary_lines(r: dict[str, Any]) -> list[str]:
    """A few lines for the terminal."""
    lines = [f"== {r['label']}: {r['tasks']:,} tasks"]
    for c in [*r.get("summary", []), *r.get("list", []), *r.get("task", [])]:
        lines.append(
            f"{c['name']:<50} {c['ours_ms']:8.1f} ms vs {c['floor_ms']:8.1f} ms  {c['ratio']:5.2f}x "
            f"(goal {c['goal']}x) {'ok' if c['met'] else 'MISSED'}"
        )
    for c in r.get("counting", []):
        lines.append(f"count share, {c['name']:<40} {c['share']:6.1%} of {c['total_ms']:.1f} ms")
    for name in ("list", "detail"):
        if name in r.get("load", {}):
            x = r["load"][name]
            lines.append(
                f"load {name}: c1 {x['c1']['requests_per_s']:.0f}/s, c8 {x['c8']['requests_per_s']:.0f}/s "
                f"({x['scaling']:.2f}x), p99/p50 c8 {x['tail_c8']:.2f}, errors {x['errors']}; "
                "cores ours/others "
                f"c1 {x['c1'].get('cores_ours', 0):.2f}/{x['c1'].get('cores_others', 0):.2f}, "
                f"c8 {x['c8'].get('cores_ours', 0):.2f}/{x['c8'].get('cores_others', 0):.2f}"
            )
    if "export" in r:
        e = r["export"]
        lines.append(
            f"export: {e['all_tasks']:,} tasks {e['all_growth_mib']:.1f} MiB growth "
            f"({e['growth_ratio']:.2f}x of {e['small_tasks']:,}), first byte {e['first_byte_s']:.2f} s, "
            f"total {e['total_s']:.1f} s"
        )
    return lines


def tables(r: dict[str, Any]) -> list[str]:
    """The Markdown of one run: the data, then each measurement with its ratio and goal."""
    m, d = r["machine"], r["data"]
    out = [
        f"### {r['tasks']:,} tasks",
        "",
        f"Latest run {r['date']} (code `{r['git']}`) on {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_gib']} GiB, "
        f"PostgreSQL {m['postgres']}, Python {m['python']}; load average before "
        f"{m['load'][0]:.2f}, after {r.get('load_after', [0])[0]:.2f}.",
        f"Data: {d['task']:,} tasks in {d['groups']} groups, {d['wards']} wards, {d['members']} members; "
        f"about {d['taskstep']:,} steps, {d['measurement']:,} measurements, {d['event']:,} events, "
        f"{d['note']:,} notes, {d['task_coordinators']:,} coordinator links. Statuses: "
        + ", ".join(f"{k} {v:,}" for k, v in d["statuses"].items())
        + ".",
        "",
        f"Reproduce: `{r['command']}` (medians of {r['settings']['rounds']} rounds of "
        f"{r['settings']['calls']} interleaved pairs).",
        "",
        "| measurement | ours (ms) | floor (ms) | ratio | goal | | floor is |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for c in [*r.get("summary", []), *r.get("list", []), *r.get("task", [])]:
        goal = f"≤ {c['goal']:g}×"
        stretch = (c.get("extra") or {}).get("stretch")
        if stretch:
            goal += f" (stretch {stretch:g}×{': met' if c['ratio'] <= stretch else ''})"
        out.append(
            f"| {c['name']} | {c['ours_ms']:.1f} | {c['floor_ms']:.1f} | {c['ratio']:.2f}× | {goal} | "
            f"{_yes(c['met'])} | {c['floor']} |"
        )
    if r.get("counting"):
        out += [
            "",
            "Counting rows for the pagination (the share of the whole request, goal ≤ 25%; "
            "≈: past 10,000 rows the count is PostgreSQL's estimate, `count_is_estimate`):",
            "",
            "| list | matching rows | request (ms) | database (ms) | count (ms) | share | |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for c in r["counting"]:
            out.append(
                f"| {c['name']} | {'≈ ' if c.get('estimate') else ''}{c['rows']:,} | "
                f"{c['total_ms']:.1f} | {c['db_ms']:.1f} | "
                f"{c['count_ms']:.1f} | {c['share']:.1%} | {_yes(c['met'])} |"
            )
    if r.get("load"):
        load = r["load"]
        out += [
            "",
            f"Under load: gunicorn, {load['workers']} sync workers, wrk for {r['settings']['wrk_seconds']} s "
            f"× {r['settings']['wrk_rounds']} rounds per connection count (goals: no errors, p99 ≤ 3× p50, "
            "8 connections ≥ 1.6× the throughput of 1):",
            "",
            "The CPU columns: the app's and its database's CPU time per request, and the cores busy on "
            "average during the run with ours (app + database), wrk's and everything else's work.",
            "",
            "| endpoint | conns | req/s | p50 (ms) | p99 (ms) | p99/p50 | requests | errors | 8 vs 1 | | "
            "CPU/request (ms) | cores: ours, wrk, others |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
        ]
        for name in ("list", "detail"):
            x = load.get(name)
            if not x:
                continue
            for c in ("c1", "c8"):
                y = x[c]
                scaling = f"{x['scaling']:.2f}×" if c == "c8" else ""
                verdict = _yes(x["met"]) if c == "c8" else ""
                out.append(
                    f"| {name} | {c[1:]} | {y['requests_per_s']:.1f} | {y['p50_ms']:.1f} | "
                    f"{y['p99_ms']:.1f} | {y['p99_ms'] / y['p50_ms']:.2f} | {y['requests']:,} | "
                    f"{y['errors']} | {scaling} | {verdict} | {y.get('cpu_ms', 0):.1f} | "
                    f"{y.get('cores_ours', 0):.2f}, {y.get('cores_wrk', 0):.2f}, "
                    f"{y.get('cores_others', 0):.2f} |"
                )
    if r.get("export"):
        e = r["export"]
        out += [
            "",
            "CSV export through gunicorn (one worker; growth = the worker's peak resident memory during the "
            "download less its size before):",
            "",
            "| tasks | memory growth (MiB) | first byte (s) | whole download (s) | size (MiB) |",
            "|---:|---:|---:|---:|---:|",
            f"| {e['small_tasks']:,} | {e['small_growth_mib']:.1f} | {e['small_first_byte_s']:.2f} | | |",
            f"| {e['all_tasks']:,} | {e['all_growth_mib']:.1f} | {e['first_byte_s']:.2f} | "
            f"{e['total_s']:.1f} | {e['mib']:.0f} |",
            "",
            f"Growth {e['growth_ratio']:.2f}× that of the smaller export (goal ≤ 1.2×, under 64 MiB), "
            f"first byte {e['first_byte_s']:.2f} s (goal ≤ 1 s): {_yes(e['met'])}.",
        ]
    return [*out, ""]


def write_doc(doc: Path, results: list[dict[str, Any]]) -> None:
    text = doc.read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{doc} has no {START} ... {END} markers")
    body = "\n".join(line for r in results for line in tables(r))
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    doc.write_text(pattern.sub(lambda _: f"{START}\n\n{body}\n{END}", text))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--doc", type=Path, help="rewrite the results section of this Markdown file")
    args = parser.parse_args(argv)
    results = [json.loads(p.read_text()) for p in args.results]
    if args.doc:
        write_doc(args.doc, results)
        print(f"{args.doc}: results of {', '.join(r['label'] for r in results)} written")
    else:
        sys.stdout.write("\n".join(line for r in results for line in tables(r)))


if __name__ == "__main__":
    main()
