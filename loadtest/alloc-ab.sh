#!/usr/bin/env bash
# alloc-ab.sh: allocated bytes (and Edge's CPU) per relayed 1 KiB message, two Edge builds interleaved (A, B, A, B...).
# Each run starts the build's Edge.Gateway.dll with one listener (starttls or plain) relaying to smtp-sink on
# loopback, warms it with a quarter of the messages, then has Edge.LoadTest send MESSAGES over 100 sessions kept open
# (--tls starttls or none) and prints edge_process_allocated_bytes_total's delta / MESSAGES and utime+stime / MESSAGES.
# TLS runs include the 100 sessions' handshakes. Every client run has a timeout; what it starts is stopped by PID.
#
#   loadtest/alloc-ab.sh DIR_A DIR_B [starttls|plain]     # DIR_*: a Release output dir holding Edge.Gateway.dll
#   REPS=5 MESSAGES=20000 loadtest/alloc-ab.sh /tmp/old/net10.0 src/Edge.Gateway/bin/Release/net10.0 starttls
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 2 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
A=$1 B=$2 MODE=${3:-starttls}
REPS=${REPS:-3} MESSAGES=${MESSAGES:-20000} SESSIONS=100 RUN_TIMEOUT=300
LOAD_DLL=loadtest/Edge.LoadTest/bin/Release/net10.0/Edge.LoadTest.dll
case $MODE in starttls) CLIENT_TLS=starttls ;; plain) CLIENT_TLS=none ;; *) echo "alloc-ab: mode is starttls or plain" >&2; exit 2 ;; esac
for f in "$A/Edge.Gateway.dll" "$B/Edge.Gateway.dll" "$LOAD_DLL"; do
  [ -f "$f" ] || { echo "alloc-ab: $f missing (build Release)" >&2; exit 1; }
done
command -v smtp-sink >/dev/null || { echo "alloc-ab: smtp-sink missing (Debian package postfix)" >&2; exit 1; }

work=$(mktemp -d /tmp/edge-alloc-ab.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

run() { # label dir
  local sink_port smtp_port http_port sink edge before after cpu0 cpu1 i
  sink_port=$(free_port) smtp_port=$(free_port) http_port=$(free_port)
  smtp-sink -c -u nobody -m 2000 "127.0.0.1:$sink_port" 4096 >/dev/null 2>&1 & sink=$!; pids+=("$sink")
  dotnet "$2/Edge.Gateway.dll" --Edge:Hostname=edge.alloc.test \
    --Edge:Listeners:0:Endpoint="127.0.0.1:$smtp_port" --Edge:Listeners:0:Mode="$MODE" --Edge:Listeners:0:Role=mx \
    --Edge:Http:Endpoint="127.0.0.1:$http_port" \
    --Edge:Tls:Certificates:0:CertPath="$work/cert.pem" --Edge:Tls:Certificates:0:KeyPath="$work/key.pem" \
    --Edge:Tls:Certificates:0:Hosts:0=localhost --Edge:AcceptedDomains:0=example.com \
    --Edge:Limits:MaxConnections=30000 --Edge:Limits:MaxConnectionsPerAddress=30000 --Edge:Limits:MaxMessagesPerSession=1000000 \
    --Edge:Backends:0:Name=sink --Edge:Backends:0:Endpoint="127.0.0.1:$sink_port" \
    --Logging:LogLevel:Default=Warning >"$work/edge.log" 2>&1 & edge=$!; pids+=("$edge")
  for i in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.2; done
  load() {
    timeout "$RUN_TIMEOUT" dotnet "$LOAD_DLL" --target "127.0.0.1:$smtp_port" --server-name localhost --insecure \
      --tls "$CLIENT_TLS" --sessions "$SESSIONS" --messages "$1" --size 1k --to user@example.com --no-progress \
      --json "$work/load.json" >"$work/load.out" 2>&1 || { echo "alloc-ab: client failed ($1)" >&2; cat "$work/load.out" >&2; exit 1; }
  }
  allocated() { curl -s "http://127.0.0.1:$http_port/metrics" | awk '/^edge_process_allocated_bytes_total/ { print $2 }'; }
  cpu() { awk '{ print $14 + $15 }' "/proc/$edge/stat"; }
  load $((MESSAGES / 4))
  before=$(allocated) cpu0=$(cpu)
  load "$MESSAGES"
  after=$(allocated) cpu1=$(cpu)
  python3 - "$1" "$before" "$after" "$cpu0" "$cpu1" "$MESSAGES" "$work/load.json" "$(getconf CLK_TCK)" <<'PY'
import json, sys
label, before, after, cpu0, cpu1, n, report, hz = sys.argv[1:]
accepted = json.load(open(report))["accepted"]
per = (float(after) - float(before)) / int(n)
cpu = (int(cpu1) - int(cpu0)) / int(hz) / int(n) * 1e6
print(f"{label}: {per:,.0f} B allocated/msg, {cpu:.0f} us Edge CPU/msg, {accepted} accepted")
PY
  kill "$edge" "$sink" 2>/dev/null || true
  wait "$edge" "$sink" 2>/dev/null || true
}

echo "alloc-ab: $MODE, $SESSIONS sessions x $MESSAGES x 1 KiB, $REPS reps, load $(cut -d' ' -f1 /proc/loadavg)"
for rep in $(seq "$REPS"); do
  run "A $A" "$A"
  run "B $B" "$B"
done
