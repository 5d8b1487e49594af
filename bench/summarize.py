#!/usr/bin/env python3
"""Median of repeated points. Reads the load client's JSON lines (label "scenario|server|c=N|rK")
from a file and prints one summary JSON line per (server, point), then one comparison line per
point (agentserve / peer). --ideal-ms: the run's ideal latency, for the ideal-throughput ratio."""
import json, statistics, sys

args = sys.argv[1:]
ideal_ms = float(args[args.index("--ideal-ms") + 1]) if "--ideal-ms" in args else None
path = args[0]
points = {}
for line in open(path):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    if not r.get("label") or r["label"].count("|") < 3:
        continue
    scenario, server, point, _ = r["label"].split("|", 3)
    points.setdefault((scenario, point, server), []).append(r)

def med(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None

summaries = {}
for (scenario, point, server), runs in sorted(points.items()):
    c = runs[0]["concurrency"]
    s = {"scenario": scenario, "summary": "median", "server": server, "point": point, "concurrency": c,
         "repeats": len(runs),
         "runs_per_s": med([r["runs_per_s"] for r in runs]),
         "runs_per_s_all": [r["runs_per_s"] for r in runs],
         "latency_p50_ms": med([r["latency_ms"]["p50"] for r in runs]),
         "latency_p99_ms": med([r["latency_ms"]["p99"] for r in runs]),
         "first_event_p50_ms": med([r["first_event_ms"]["p50"] for r in runs]),
         "first_event_p99_ms": med([r["first_event_ms"]["p99"] for r in runs]),
         "first_token_p99_ms": med([r["first_token_ms"]["p99"] for r in runs]),
         "events_per_run": med([r["events_per_run"] for r in runs]),
         "errors_total": sum(r["errors"] for r in runs),
         "error_kinds": {k: sum(r["error_kinds"].get(k, 0) for r in runs) for r in runs for k in r["error_kinds"]}}
    if ideal_ms:
        s["ideal_runs_per_s"] = round(c * 1000 / ideal_ms, 1)
        s["ratio_to_ideal"] = round(s["runs_per_s"] / s["ideal_runs_per_s"], 3) if s["runs_per_s"] else None
    summaries[(scenario, point, server)] = s
    print(json.dumps(s))
for (scenario, point, server), s in summaries.items():
    peer = summaries.get((scenario, point, "peer"))
    if server == "agentserve" and peer and peer["runs_per_s"]:
        print(json.dumps({"scenario": scenario, "summary": "agentserve_vs_peer", "point": point,
                          "throughput_ratio": round(s["runs_per_s"] / peer["runs_per_s"], 2),
                          "first_event_p99_ms": {"agentserve": s["first_event_p99_ms"], "peer": peer["first_event_p99_ms"]}}))
