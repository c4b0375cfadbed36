#!/usr/bin/env python3
"""compare_report.py: turn loadtest/compare's raw results (one JSON object a line) into the comparison table.

Prints the tables, writes RAW-without-.jsonl + .md and .json next to the raw file, and judges issue 7's targets
(MET / MISSED) from the same run. Medians over the repetitions, with min-max.

    compare_report.py loadtest/results/compare-2026-11-29T0400.jsonl
"""
import json
import statistics
import sys
from pathlib import Path

TARGETS = ["direct", "haproxy", "nginx", "floor", "responder", "edge"]
WORKLOADS = {
    "a": "(a) 100 sessions, many 1 KiB messages each",
    "b": "(b) one message per session, 100 parallel",
    "c": "(c) STARTTLS, one message per session, full handshake",
    "d": "(d) implicit TLS, one message per session, full handshake",
    "c-resumed": "(c') STARTTLS, resumed sessions",
    "d-resumed": "(d') implicit TLS, resumed sessions",
    "a-tls": "(a, TLS) 100 STARTTLS sessions, many messages each (allocation only)",
}


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def fmt(s, digits=0):
    if s is None:
        return "—"
    f = f"{{:,.{digits}f}}"
    if s["n"] == 1:
        return f.format(s["median"])
    return f"{f.format(s['median'])} ({f.format(s['min'])}–{f.format(s['max'])})"


def ratio(a, b):
    if a is None or b is None or b["median"] == 0:
        return None
    return a["median"] / b["median"]


def fr(x):
    return "—" if x is None else f"{x:.2f}×"


def main():
    raw = Path(sys.argv[1])
    rows = [json.loads(line) for line in raw.read_text().splitlines() if line.strip()]
    meta = next(r for r in rows if r.get("meta"))
    end = next((r for r in rows if r.get("meta_end")), {})
    runs = [r for r in rows if "workload" in r]

    def pick(target, workload, key):
        return stats([r.get(key) for r in runs if r["target"] == target and r["workload"] == workload])

    summary = {"meta": meta, "end": end, "workloads": {}, "latency": {}, "idle": {}, "resumption": {}, "peak": {},
               "targets": []}
    md = []
    md.append(f"# compare, {meta['date']} UTC")
    md.append("")
    md.append(f"{meta['nproc']} cores ({meta['cpu']}), load average {meta['load1_start']} at start, "
              f"{end.get('load1_end', '?')} at end; {end.get('seconds', '?')} s in all; commit {meta['commit']}; "
              f"Edge extra arguments: {meta.get('edge_args') or 'none'}; nginx {meta['nginx']}, HAProxy {meta['haproxy']}, OpenSSL {meta['openssl']}, .NET SDK {meta['dotnet']}; "
              f"{meta['reps']} repetition(s), targets interleaved. CPU = utime+stime of the target's own processes "
              f"(nginx: master and workers) per message (per TLS session in (c)/(d)); medians (min–max).")
    md.append("")
    md.append("floor = loadtest/Edge.Floor, a .NET TCP forwarder with nothing in it (raw sockets, two copy loops, a backend "
              "connection per client): the least any .NET proxy costs here. responder = Edge.Floor --mode responder, an SMTP "
              "server on Kestrel answering with fixed replies, no backend: the least any .NET SMTP server costs here "
              "(a sink, not a proxy). syscalls and cs = system calls and context "
              "switches of the target per message (perf stat; — without perf).")
    md.append("")
    md.append("| workload | target | msg/s | CPU µs/msg | CPU ×nginx | CPU ×HAProxy | CPU ×floor | msg/s ×nginx | msg/s ×HAProxy | syscalls/msg | cs/msg | load avg |")
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for w, title in WORKLOADS.items():
        for t in TARGETS:
            rate = pick(t, w, "msgs_per_s")
            if rate is None:
                continue
            cpu = pick(t, w, "cpu_us_per_msg")
            load = pick(t, w, "load1")
            entry = {"msgs_per_s": rate, "cpu_us_per_msg": cpu, "load1": load,
                     "alloc_bytes_per_msg": pick(t, w, "alloc_bytes_per_msg"),
                     "handshake_p50_ms": pick(t, w, "handshake_p50_ms"),
                     "syscalls_per_msg": pick(t, w, "syscalls_per_msg"), "cs_per_msg": pick(t, w, "cs_per_msg")}
            ncpu, hcpu = pick("nginx", w, "cpu_us_per_msg"), pick("haproxy", w, "cpu_us_per_msg")
            fcpu = pick("floor", w, "cpu_us_per_msg")
            nrate, hrate = pick("nginx", w, "msgs_per_s"), pick("haproxy", w, "msgs_per_s")
            entry.update(cpu_x_nginx=ratio(cpu, ncpu), cpu_x_haproxy=ratio(cpu, hcpu), cpu_x_floor=ratio(cpu, fcpu),
                         rate_x_nginx=ratio(rate, nrate), rate_x_haproxy=ratio(rate, hrate))
            summary["workloads"].setdefault(w, {})[t] = entry
            md.append(f"| {title} | {t} | {fmt(rate)} | {fmt(cpu)} | {fr(entry['cpu_x_nginx'])} | "
                      f"{fr(entry['cpu_x_haproxy'])} | {fr(entry['cpu_x_floor'])} | {fr(entry['rate_x_nginx'])} | "
                      f"{fr(entry['rate_x_haproxy'])} | {fmt(entry['syscalls_per_msg'], 1)} | {fmt(entry['cs_per_msg'], 1)} | "
                      f"{fmt(load, 1)} |")
    md.append("")

    md.append(f"Latency, open loop at {meta['rate']} msg/s ({meta['latency_messages']} messages, 50 sessions, "
              "Edge.LoadTest, from the scheduled time): MAIL to the final 250, ms.")
    md.append("")
    md.append("| target | p50 | p99 | p99 added over direct | CPU µs/msg |")
    md.append("|---|---|---|---|---|")
    direct_p99 = pick("direct", "latency", "p99_ms")
    for t in TARGETS:
        p50, p99 = pick(t, "latency", "p50_ms"), pick(t, "latency", "p99_ms")
        if p50 is None:
            continue
        added = None if t == "direct" or direct_p99 is None else p99["median"] - direct_p99["median"]
        summary["latency"][t] = {"p50_ms": p50, "p99_ms": p99, "p99_added_ms": added}
        md.append(f"| {t} | {fmt(p50, 2)} | {fmt(p99, 2)} | {'—' if added is None else f'{added:.2f}'} | "
                  f"{fmt(pick(t, 'latency', 'cpu_us_per_msg'))} |")
    md.append("")

    md.append(f"(e) Idle connections ({meta['idle']:,} held open after the greeting; TLS = implicit TLS, handshake done; "
              "measured last, on the warmed processes): RSS delta of the target's processes / connections.")
    md.append("")
    md.append("| target | plaintext KiB/conn | TLS KiB/conn |")
    md.append("|---|---|---|")
    for t in TARGETS:
        got = {m: next((r for r in runs if r["target"] == t and r["workload"] == f"idle-{m}"), None) for m in ("plain", "tls")}
        if not any(got.values()):
            continue
        summary["idle"][t] = {m: (r["kib_per_conn"] if r else None) for m, r in got.items()}
        md.append(f"| {t} | " + " | ".join("—" if r is None else f"{r['kib_per_conn']:.2f}" for r in got.values()) + " |")
    md.append("")

    md.append("TLS: resumption seen by `openssl s_client` (TLS 1.3: -sess_out then 5 × -sess_in; TLS 1.2: -reconnect), and the cost of a full vs. a "
              "resumed session (load tool `--tls-resume off|on`).")
    md.append("")
    md.append("| target | mode | s_client Reused | CPU µs/session full | resumed | saving | handshake p50 ms full / resumed |")
    md.append("|---|---|---|---|---|---|---|")
    for t in ("nginx", "edge"):
        for mode, w in (("starttls", "c"), ("implicit", "d")):
            r = next((r for r in runs if r["target"] == t and r["workload"] == f"resumption-{mode}"), None)
            full, resumed = pick(t, w, "cpu_us_per_msg"), pick(t, f"{w}-resumed", "cpu_us_per_msg")
            hs_full, hs_res = pick(t, w, "handshake_p50_ms"), pick(t, f"{w}-resumed", "handshake_p50_ms")
            reused_text = f"TLS 1.3 {r['reused_tls13']}/5, TLS 1.2 {r['reused_tls12']}/5" if r else "—"
            saving = None if full is None or resumed is None else 1 - resumed["median"] / full["median"]
            summary["resumption"][f"{t}.{mode}"] = {"reused": r["reused_tls13"] if r else None,
                                                    "reused_tls12": r["reused_tls12"] if r else None, "full_cpu": full,
                                                    "resumed_cpu": resumed, "saving": saving}
            md.append(f"| {t} | {mode} | {reused_text} | {fmt(full)} | {fmt(resumed)} | "
                      f"{'—' if saving is None else f'{saving:.0%}'} | {fmt(hs_full, 2)} / {fmt(hs_res, 2)} |")
    md.append("")

    peaks = {r["target"]: r for r in runs if r["workload"] == "peak"}
    summary["peak"] = peaks
    md.append("Peak RSS (VmHWM, summed over the target's processes, over the warm-up and workloads (a)–(d) and latency; (e) runs after): "
              + ", ".join(f"{t} {p['vmhwm_kib'] / 1024:.1f} MiB" for t, p in peaks.items()) + ".")
    alloc = pick("edge", "a", "alloc_bytes_per_msg")
    alloc_tls = pick("edge", "a-tls", "alloc_bytes_per_msg")
    md.append("")
    md.append(f"Edge allocated bytes per message (edge_process_allocated_bytes_total delta / messages): (a) plaintext "
              f"{fmt(alloc)} B, (a) over STARTTLS {fmt(alloc_tls)} B, (b) {fmt(pick('edge', 'b', 'alloc_bytes_per_msg'))} B, "
              f"(c) {fmt(pick('edge', 'c', 'alloc_bytes_per_msg'))} B per TLS session.")
    md.append("")

    # Targets of issue 7, judged from this run.
    w = summary["workloads"]

    def judge(name, value, limit, text, lower_is_better=True):
        if value is None:
            verdict = "NOT MEASURED"
        else:
            verdict = "MET" if (value <= limit if lower_is_better else value >= limit) else "MISSED"
        summary["targets"].append({"target": name, "verdict": verdict, "value": value, "limit": limit, "evidence": text})
        return f"| {name} | {verdict} | {text} |"

    def get(wl, t, key):
        return w.get(wl, {}).get(t, {}).get(key)

    md.append("| target (issue 7) | verdict | evidence (this run) |")
    md.append("|---|---|---|")
    for wl, cpu_limit, rate_limit in (("a", 1.0, 1.0), ("b", 0.67, 1.5)):
        cx, rx = get(wl, "edge", "cpu_x_nginx"), get(wl, "edge", "rate_x_nginx")
        floor = get(wl, "floor", "cpu_x_nginx")
        responder = get(wl, "responder", "cpu_x_nginx")
        md.append(judge(f"({wl}) CPU/msg ≤ {cpu_limit}× nginx", cx, cpu_limit,
                        f"Edge {fmt(get(wl, 'edge', 'cpu_us_per_msg'))} µs vs nginx {fmt(get(wl, 'nginx', 'cpu_us_per_msg'))} µs = {fr(cx)}"
                        + ("" if floor is None else f"; the .NET floor alone is {fr(floor)} nginx, Edge {fr(get(wl, 'edge', 'cpu_x_floor'))} the floor")
                        + ("" if responder is None else f"; the .NET responder (no backend at all) alone is {fr(responder)} nginx")))
        md.append(judge(f"({wl}) msg/s ≥ {rate_limit}× nginx", rx, rate_limit,
                        f"Edge {fmt(get(wl, 'edge', 'msgs_per_s'))} vs nginx {fmt(get(wl, 'nginx', 'msgs_per_s'))} = {fr(rx)}",
                        lower_is_better=False))
    for wl in ("c", "d"):
        cx = get(wl, "edge", "cpu_x_nginx")
        md.append(judge(f"({wl}) CPU/TLS session ≤ 1.0× nginx", cx, 1.0,
                        f"Edge {fmt(get(wl, 'edge', 'cpu_us_per_msg'))} µs vs nginx {fmt(get(wl, 'nginx', 'cpu_us_per_msg'))} µs = {fr(cx)}"))
    res = [summary["resumption"].get(f"edge.{m}", {}) for m in ("starttls", "implicit")]
    reused_ok = all((r.get("reused") or 0) > 0 for r in res)
    savings = [r.get("saving") for r in res]
    md.append(judge("TLS resumption works, saving measured", 1 if reused_ok and None not in savings else 0, 1,
                    "Edge s_client TLS 1.3 Reused " + ", ".join(f"{r.get('reused')}/5" for r in res) + "; saving per session "
                    + ", ".join("—" if s is None else f"{s:.0%}" for s in savings) + " (STARTTLS, implicit)",
                    lower_is_better=False))
    ea, na = summary["latency"].get("edge", {}).get("p99_added_ms"), summary["latency"].get("nginx", {}).get("p99_added_ms")
    md.append(judge("p99 added at 200 msg/s ≤ nginx's", None if ea is None or na is None else ea - na, 0.0,
                    f"Edge +{ea if ea is None else round(ea, 2)} ms, nginx +{na if na is None else round(na, 2)} ms over direct"))
    idle = summary["idle"].get("edge", {})
    md.append(judge("(e) idle plaintext ≤ 5 KiB/conn", idle.get("plain"), 5.0, f"Edge {idle.get('plain')} KiB/conn"))
    md.append(judge("(e) idle TLS ≤ 16 KiB/conn", idle.get("tls"), 16.0,
                    f"Edge {idle.get('tls')} KiB/conn (nginx {summary['idle'].get('nginx', {}).get('tls')})"))
    md.append(judge("alloc ≤ 1 KiB/msg plaintext (a)", None if alloc is None else alloc["median"], 1024.0, f"Edge {fmt(alloc)} B/msg"))
    md.append(judge("alloc ≤ 2 KiB/msg TLS (a over STARTTLS)", None if alloc_tls is None else alloc_tls["median"], 2048.0,
                    f"Edge {fmt(alloc_tls)} B/msg"))
    md.append("")

    text = "\n".join(md)
    print(text)
    base = raw.with_suffix("")
    base.with_suffix(".md").write_text(text + "\n")
    base.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\nwritten: {base.with_suffix('.md')}, {base.with_suffix('.json')}")


if __name__ == "__main__":
    main()
