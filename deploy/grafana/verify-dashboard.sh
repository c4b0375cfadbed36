#!/usr/bin/env bash
# verify-dashboard.sh: checks edge-dashboard.json the way an operator would. Starts, on loopback ports of a temporary
# directory, an smtp-sink backend (Debian's postfix package), Edge relaying to it (plus a dead backend, for failovers),
# and a Prometheus server scraping Edge every second with the alert rules loaded; drives traffic (swaks sessions in
# plaintext, STARTTLS and implicit TLS, AUTH, refusals, a garbage TLS handshake, early talk, connection bursts, TLS
# reports POSTed to /tlsrpt and mailed to the report mailbox, good and bad); then
# runs every panel query with the Grafana variables substituted against Prometheus's HTTP API and prints which panels
# show data. Bounded (TRAFFIC_SECONDS, default 30; every client call has a timeout) and stops what it started by PID.
#
# Needs: dotnet, prometheus, swaks, smtp-sink, python3, curl. Usage: deploy/grafana/verify-dashboard.sh [--strict]
# (--strict: exit 1 when a panel shows no data, not only when a query fails). KEEP=1 keeps the temporary directory
# (Edge's JSON log, Prometheus's log, the raw sessions' errors).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DASHBOARD="$ROOT/deploy/grafana/edge-dashboard.json"
ALERTS="$ROOT/deploy/prometheus/edge-alerts.yml"
EDGE_DLL=${EDGE_DLL:-$ROOT/src/Edge.Gateway/bin/Debug/net10.0/Edge.Gateway.dll}
TRAFFIC_SECONDS=${TRAFFIC_SECONDS:-30}
STRICT=${1:-}

for tool in dotnet prometheus swaks smtp-sink python3 curl; do
    command -v "$tool" >/dev/null || { echo "verify-dashboard: $tool not found (apt-get install -y prometheus swaks postfix)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/edge-verify.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

if [[ ! -f "$EDGE_DLL" ]]; then
    echo "== building Edge"
    dotnet build "$ROOT/src/Edge.Gateway" -v quiet -nologo >/dev/null
fi

# Free loopback ports: mx, submission, submissions, pregreet listener, HTTP, sink, dead backend, Prometheus.
read -r P_MX P_SUB P_SUBS P_PRE P_HTTP P_SINK P_DEAD P_PROM < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
)

PASSWORD="verify dashboard password"
HASH=$(printf '%s\n' "$PASSWORD" | timeout 60 dotnet "$EDGE_DLL" passwd alice@localhost | python3 -c 'import json,sys; print(json.load(sys.stdin)["PasswordHash"])')

echo "== smtp-sink on 127.0.0.1:$P_SINK"
(cd "$WORK" && exec smtp-sink -u postfix -h sink.verify "127.0.0.1:$P_SINK" 100) >"$WORK/sink.log" 2>&1 &
PIDS+=($!)

echo "== Edge: mx $P_MX, submission $P_SUB, submissions $P_SUBS, mx-pregreet $P_PRE, http $P_HTTP"
(cd "$WORK" && exec dotnet "$EDGE_DLL" \
    --Edge:Hostname=edge.verify \
    --Edge:Listeners:0:Name=mx --Edge:Listeners:0:Endpoint="127.0.0.1:$P_MX" --Edge:Listeners:0:Mode=starttls --Edge:Listeners:0:Role=mx \
    --Edge:Listeners:1:Name=submission --Edge:Listeners:1:Endpoint="127.0.0.1:$P_SUB" --Edge:Listeners:1:Mode=starttls --Edge:Listeners:1:Role=submission \
    --Edge:Listeners:2:Name=submissions --Edge:Listeners:2:Endpoint="127.0.0.1:$P_SUBS" --Edge:Listeners:2:Mode=implicit-tls --Edge:Listeners:2:Role=submission \
    --Edge:Listeners:3:Name=mx-pregreet --Edge:Listeners:3:Endpoint="127.0.0.1:$P_PRE" --Edge:Listeners:3:Mode=plain --Edge:Listeners:3:Role=mx \
    --Edge:Listeners:3:GreetingDelay=00:00:01 --Edge:Listeners:3:MaxConnections=2 \
    --Edge:Http:Endpoint="127.0.0.1:$P_HTTP" \
    --Edge:AcceptedDomains:0=localhost \
    --Edge:Limits:MaxConnectionsPerAddress=30 --Edge:Limits:MaxMessageSize=65536 --Edge:Limits:MaxRecipients=5 \
    --Edge:Auth:Users:0:Name=alice@localhost --Edge:Auth:Users:0:PasswordHash="$HASH" \
    --Edge:Auth:MaxFailures=2 --Edge:Auth:FailureWindow=00:00:05 --Edge:Auth:TarpitDelay=00:00:00.050 \
    --Edge:Backends:0:Name=sink --Edge:Backends:0:Endpoint="127.0.0.1:$P_SINK" --Edge:Backends:0:Tls=starttls-opportunistic \
    --Edge:Backends:1:Name=dead --Edge:Backends:1:Endpoint="127.0.0.1:$P_DEAD" \
    --Edge:Relay:DownPeriod=00:00:05 --Edge:Relay:ConnectTimeout=00:00:02 \
    --Edge:TlsRpt:Mailboxes:0=tlsrpt@localhost \
    --Logging:Console:FormatterName=json) >"$WORK/edge.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$P_HTTP/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$P_HTTP/readyz" >/dev/null || { echo "Edge did not become ready"; tail -20 "$WORK/edge.log"; exit 1; }

echo "== Prometheus on 127.0.0.1:$P_PROM (scrape every 1 s)"
cp "$ALERTS" "$WORK/edge-alerts.yml"
cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - edge-alerts.yml
scrape_configs:
  - job_name: edge
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs:
      - targets: ["127.0.0.1:$P_HTTP"]
EOF
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" --storage.tsdb.retention.time=1h \
    --web.listen-address="127.0.0.1:$P_PROM" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$P_PROM/-/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$P_PROM/-/ready" >/dev/null || { echo "Prometheus did not become ready"; tail -20 "$WORK/prometheus.log"; exit 1; }

# Raw sessions swaks cannot play: garbage handshakes, early talk, bursts, injection, bare LF, error and junk floods.
cat >"$WORK/raw.py" <<'EOF'
import base64, socket, ssl, sys, time
mx, sub, subs, pre = (int(p) for p in sys.argv[1:5])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5); return s

def reply(s):
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            return data.decode(errors="replace")
        data += chunk
        lines = data.split(b"\r\n")
        if len(lines) > 1 and len(lines[-2]) >= 4 and lines[-2][3:4] == b" ":
            return data.decode(errors="replace")

def cmd(s, line):
    s.sendall(line.encode() + b"\r\n"); return reply(s)

def step(name, fn):
    try:
        fn()
    except (OSError, ssl.SSLError) as e:
        print(f"raw {name}: {e}", file=sys.stderr)

def garbage_implicit():
    with connect(subs) as s:
        s.sendall(b"EHLO not-a-client-hello\r\n"); s.recv(100)

def garbage_starttls():
    with connect(mx) as s:
        reply(s); cmd(s, "EHLO broken.example"); cmd(s, "STARTTLS")
        s.sendall(b"EHLO this-is-not-a-client-hello\r\n")
        try:
            s.recv(100)
        except OSError:
            pass
    with connect(mx) as s:  # plaintext retry from the same address
        reply(s); cmd(s, "EHLO broken.example"); cmd(s, "MAIL FROM:<a@example.org>"); cmd(s, "QUIT")

def injection():
    with connect(mx) as s:
        reply(s); cmd(s, "EHLO inject.example")
        s.sendall(b"STARTTLS\r\nNOOP\r\n"); reply(s)
        t = ctx.wrap_socket(s, server_hostname="localhost"); cmd(t, "EHLO inject.example"); cmd(t, "QUIT")

def early_talker():
    with connect(pre) as s:
        s.sendall(b"EHLO bot.example\r\n"); reply(s)

def listener_full():
    held = [connect(pre) for _ in range(3)]
    time.sleep(0.2)
    for s in held:
        s.close()

def address_burst():
    held = []
    for _ in range(35):
        try:
            held.append(connect(mx))
        except OSError:
            break
    time.sleep(0.3)
    for s in held:
        s.close()

def content_refusals():
    with connect(mx) as s:
        reply(s); cmd(s, "EHLO content.example")
        cmd(s, "MAIL FROM:<a@example.org> SIZE=100000")
        cmd(s, "MAIL FROM:<a@example.org> REQUIRETLS")  # not offered: requiretls_unavailable
        cmd(s, "MAIL FROM:<a@example.org>"); cmd(s, "RCPT TO:<user@localhost>"); cmd(s, "DATA")
        s.sendall(b"Subject: bare\r\n\r\nbare\nLF\r\n.\r\n"); reply(s)
        cmd(s, "MAIL FROM:<a@example.org>")
        for i in range(7):
            cmd(s, f"RCPT TO:<r{i}@localhost>")
        cmd(s, "RSET"); cmd(s, "QUIT")

def errors_and_junk():
    with connect(mx) as s:
        reply(s)
        for _ in range(12):
            if cmd(s, "BOGUS").startswith("421"):
                break
    with connect(mx) as s:
        reply(s); cmd(s, "EHLO junk.example")
        for _ in range(25):
            if cmd(s, "NOOP").startswith("421"):
                break

def policy_tls_auth():
    with connect(sub) as s:  # TLS required on submission
        reply(s); cmd(s, "EHLO plain.example"); cmd(s, "MAIL FROM:<a@example.org>"); cmd(s, "QUIT")
    with ctx.wrap_socket(connect(subs), server_hostname="localhost") as t:
        reply(t); cmd(t, "EHLO auth.example")
        cmd(t, "MAIL FROM:<a@example.org>")            # auth_required
        cmd(t, "AUTH LOGIN"); cmd(t, "*")              # cancelled
        cmd(t, "AUTH PLAIN " + base64.b64encode(b"no separators").decode())  # malformed
        cmd(t, "AUTH PLAIN " + base64.b64encode(b"\0alice@localhost\0wrong").decode())  # failure; with swaks's, the address is blocked
        cmd(t, "QUIT")

for name, fn in [("garbage_implicit", garbage_implicit), ("garbage_starttls", garbage_starttls), ("injection", injection),
                 ("early_talker", early_talker), ("listener_full", listener_full), ("address_burst", address_burst),
                 ("content_refusals", content_refusals), ("errors_and_junk", errors_and_junk), ("policy_tls_auth", policy_tls_auth)]:
    step(name, fn)
EOF

# A TLS report (RFC 8460's example: 5326 sessions, 303 failed) for /tlsrpt and the report mailbox.
cat >"$WORK/report.json" <<'EOF'
{"organization-name": "Company-X", "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
 "contact-info": "sts-reporting@company-x.example", "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
 "policies": [{"policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"],
                          "policy-domain": "company-y.example", "mx-host": "*.mail.company-y.example"},
               "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 303},
               "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1", "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100},
                                   {"result-type": "starttls-not-supported", "sending-mta-ip": "2001:db8:abcd:0013::1", "receiving-mx-hostname": "mx2.mail.company-y.example", "receiving-ip": "203.0.113.56", "failed-session-count": 200},
                                   {"result-type": "validation-failure", "sending-mta-ip": "198.51.100.62", "receiving-ip": "203.0.113.58", "receiving-mx-hostname": "mx-backup.mail.company-y.example", "failed-session-count": 3}]}]}
EOF
gzip -c "$WORK/report.json" >"$WORK/report.json.gz"
tlsrpt() {
    local url="http://127.0.0.1:$P_HTTP/tlsrpt"
    curl -s -m 10 -o /dev/null -H 'Content-Type: application/tlsrpt+json' --data-binary @"$WORK/report.json" "$url" || true
    curl -s -m 10 -o /dev/null -H 'Content-Type: application/tlsrpt+gzip' --data-binary @"$WORK/report.json.gz" "$url" || true
    curl -s -m 10 -o /dev/null -H 'Content-Type: application/tlsrpt+json' --data-binary '{"not": "a report"}' "$url" || true
    "${SW[@]}" --server "127.0.0.1:$P_MX" --ehlo reporter.example --to tlsrpt@localhost --add-header "TLS-Report-Domain: localhost" \
        --attach-type application/tlsrpt+gzip --attach-name report.json.gz --attach @"$WORK/report.json.gz" >/dev/null 2>&1 || true
}

echo "== driving traffic for ${TRAFFIC_SECONDS} s"
STARTED=$(date +%s)
SW=(timeout 20 swaks --silent 2 --timeout 10 --from sender@example.org)
end=$((SECONDS + TRAFFIC_SECONDS))
rounds=0
while ((SECONDS < end)); do
    "${SW[@]}" --server "127.0.0.1:$P_MX" --ehlo plain.example --to user@localhost >/dev/null 2>&1 || true
    "${SW[@]}" --server "127.0.0.1:$P_MX" --ehlo tls.example --tls --to user@localhost >/dev/null 2>&1 || true
    "${SW[@]}" --server "127.0.0.1:$P_MX" --ehlo tls.example --to user@localhost >/dev/null 2>&1 || true  # TLS peer, now plaintext
    "${SW[@]}" --server "127.0.0.1:$P_MX" --ehlo plain.example --to someone@elsewhere.example >/dev/null 2>&1 || true  # relay denied
    "${SW[@]}" --server "127.0.0.1:$P_SUBS" --tlsc --ehlo auth.example --to bob@elsewhere.example \
        --auth PLAIN --auth-user alice@localhost --auth-password "$PASSWORD" >/dev/null 2>&1 || true
    "${SW[@]}" --server "127.0.0.1:$P_SUB" --tls --ehlo auth.example --to bob@elsewhere.example \
        --auth LOGIN --auth-user alice@localhost --auth-password "$PASSWORD" >/dev/null 2>&1 || true
    "${SW[@]}" --server "127.0.0.1:$P_SUBS" --tlsc --ehlo auth.example --to bob@elsewhere.example \
        --auth LOGIN --auth-user alice@localhost --auth-password wrong >/dev/null 2>&1 || true
    timeout 60 python3 "$WORK/raw.py" "$P_MX" "$P_SUB" "$P_SUBS" "$P_PRE" 2>>"$WORK/raw.log" || true
    tlsrpt
    rounds=$((rounds + 1))
done
echo "   $rounds rounds"
sleep 3 # a few more scrapes after the last session ended

echo "== querying every panel target"
status=0
python3 - "$DASHBOARD" "http://127.0.0.1:$P_PROM" "$STARTED" "$STRICT" <<'EOF' || status=$?
import json, math, sys, time, urllib.parse, urllib.request
dashboard, prom, started, strict = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "--strict"
ended = int(time.time())
subst = {"$__rate_interval": "1m", "$__range": "10m", "$__interval": "1s", "${instance}": ".*", "$instance": ".*",
         "${listener}": ".*", "$listener": ".*"}
panels = json.load(open(dashboard))["panels"]
populated, zero, empty, failed = [], [], [], []
for panel in panels:
    for target in panel.get("targets", []):
        expr = target["expr"]
        for key in sorted(subst, key=len, reverse=True):
            expr = expr.replace(key, subst[key])
        # A range query over the run, as a Grafana time series panel makes it (stat panels reduce the same series).
        url = prom + "/api/v1/query_range?" + urllib.parse.urlencode({"query": expr, "start": started, "end": ended, "step": 1})
        name = f'{panel["id"]:>3} {target["refId"]} {panel["title"]}'
        try:
            answer = json.load(urllib.request.urlopen(url, timeout=10))
        except Exception as e:  # a bad query is a 400 with the parser's error
            failed.append(f"{name}: {e}")
            continue
        series = answer["data"]["result"]
        def finite(r):
            return [v for v in (float(p[1]) for p in r["values"]) if not math.isnan(v) and not math.isinf(v)]
        def label(r):
            return " ".join(r["metric"][k] for k in sorted(r["metric"]) if k not in ("instance", "job", "__name__")) or "(total)"
        shown = sorted(label(r) for r in series if any(v != 0 for v in finite(r)))
        if shown:
            text = ", ".join(shown)
            populated.append(f"{name}: {len(shown)}/{len(series)} series non-zero: {text[:150]}{'...' if len(text) > 150 else ''}")
        elif any(finite(r) for r in series):
            zero.append(f"{name}: {len(series)} series, all 0")
        else:
            empty.append(f"{name}: {'NaN only' if series else 'no series'}")
for title, rows in (("data", populated), ("zero", zero), ("no data", empty), ("query failed", failed)):
    print(f"-- {title}: {len(rows)}")
    for row in rows:
        print("   " + row)
sys.exit(1 if failed or (strict and empty) else 0)
EOF

echo "== alert rules firing now"
curl -s "http://127.0.0.1:$P_PROM/api/v1/alerts" | python3 -c 'import json,sys; a=json.load(sys.stdin)["data"]["alerts"]; print("   " + (", ".join(sorted({x["labels"]["alertname"] + " (" + x["state"] + ")" for x in a})) or "none"))'
echo "== Edge log sample (JSON lines: session end, message, policy)"
grep -m1 '"EventId":3010' "$WORK/edge.log" || true
grep -m1 '"EventId":3011' "$WORK/edge.log" || true
grep -m1 '"EventId":3012' "$WORK/edge.log" || true
exit $status
