#!/usr/bin/env bash
# relay-figures.sh: throughput and CPU cost of Edge's live relay, measured against the same smtp-sink directly.
# smtp-source (Debian's postfix package) sends 1 KiB messages on loopback, (a) 100 sessions with many messages each
# and (b) one message per session, 100 sessions at a time, alternately straight to smtp-sink and through Edge
# (Release build, plain mx listener, backend = that smtp-sink), REPS times each; prints medians. Edge's CPU is
# utime+stime from /proc/PID/stat. Everything it starts is stopped by PID on exit. Bounded: a few minutes.
#
#   loadtest/relay-figures.sh            # builds src/Edge.Gateway in Release first
#   REPS=3 MANY=50000 ONE=10000 loadtest/relay-figures.sh --no-build
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${REPS:-3}          # interleaved repetitions per target
SESSIONS=${SESSIONS:-100}
MANY=${MANY:-50000}      # (a) messages over SESSIONS long sessions
ONE=${ONE:-10000}        # (b) messages, one per session
SIZE=1024
RUN_TIMEOUT=120          # per smtp-source run, seconds
DLL=src/Edge.Gateway/bin/Release/net10.0/Edge.Gateway.dll

for tool in smtp-sink smtp-source ss dotnet curl; do
  command -v "$tool" >/dev/null || { echo "relay-figures: $tool is not installed (smtp-sink/smtp-source: Debian package postfix)" >&2; exit 1; }
done
if [ "${1:-}" != "--no-build" ]; then dotnet build src/Edge.Gateway -c Release -v quiet -nologo >/dev/null; fi
[ -f "$DLL" ] || { echo "relay-figures: $DLL missing (build Release)" >&2; exit 1; }

work=$(mktemp -d /tmp/edge-relay-figures.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Distinct free loopback ports (not listening now), from a range the kernel does not hand out as ephemeral ports.
used=$(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }')
free_ports() {
  local want=$1 got=() port
  while [ ${#got[@]} -lt "$want" ]; do
    port=$((20000 + RANDOM % 12000))
    if ! grep -qx "$port" <<<"$used" && [[ " ${got[*]} " != *" $port "* ]]; then got+=("$port"); fi
  done
  echo "${got[@]}"
}
read -r SINK MX SUB SUBS HTTP <<<"$(free_ports 5)"

smtp-sink -c -C -u nobody -m 8000 "127.0.0.1:$SINK" 4096 >"$work/sink.out" 2>&1 &
pids+=($!)

# All three default listeners get free ports (the defaults may be taken); listener 0 is a plain mx listener.
dotnet "$DLL" --Edge:Hostname=edge.loadtest \
  --Edge:Listeners:0:Endpoint="127.0.0.1:$MX" --Edge:Listeners:0:Mode=plain \
  --Edge:Listeners:1:Endpoint="127.0.0.1:$SUB" --Edge:Listeners:2:Endpoint="127.0.0.1:$SUBS" \
  --Edge:Http:Endpoint="127.0.0.1:$HTTP" \
  --Edge:AcceptedDomains:0=example.com --Edge:Limits:MaxConnectionsPerAddress=1000 \
  --Edge:Backends:0:Name=sink --Edge:Backends:0:Endpoint="127.0.0.1:$SINK" >"$work/edge.log" 2>&1 &
EDGE=$!
pids+=("$EDGE")
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$HTTP/healthz" >/dev/null || { echo "relay-figures: Edge did not start"; cat "$work/edge.log"; exit 1; }

TCK=$(getconf CLK_TCK)
edge_ticks() { awk '{ print $14 + $15 }' "/proc/$EDGE/stat"; }
sink_messages() { tr '\r' '\n' <"$work/sink.out" | awk -F'mesg=' 'NF > 1 { m = $2 } END { print m + 0 }'; }

# smtp-source: -m is the total number of messages, -s the sessions at a time; -d keeps a session for many messages.
source_args() { # workload port
  case $1 in
    many) echo "-s $SESSIONS -m $MANY -l $SIZE -d -f a@loadtest -t user@example.com 127.0.0.1:$2" ;;
    one)  echo "-s $SESSIONS -m $ONE -l $SIZE -f a@loadtest -t user@example.com 127.0.0.1:$2" ;;
  esac
}
count() { [ "$1" = many ] && echo "$MANY" || echo "$ONE"; }

# One measured run: prints "msgs_per_s cpu_us_per_msg backend_conns peak_conns".
run() { # target workload
  local target=$1 workload=$2 port n t0 t1 c0 c1 m0 m1 sampler
  port=$([ "$target" = edge ] && echo "$MX" || echo "$SINK")
  n=$(count "$workload")
  : >"$work/ss.out"
  # Established connections to the sink, sampled: from Edge they are its backend connections (pooled, long-lived).
  ( i=0; while :; do i=$((i + 1)); ss -Htn state established "( dport = :$SINK )" | awk -v t="$i" '{ print t, $3 }' >>"$work/ss.out"; sleep 0.2; done ) >/dev/null 2>&1 &
  sampler=$!
  m0=$(sink_messages); c0=$([ "$target" = edge ] && edge_ticks || echo 0)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2046
  timeout "$RUN_TIMEOUT" smtp-source $(source_args "$workload" "$port") >&2 || { kill "$sampler"; echo "relay-figures: smtp-source failed ($target $workload)" >&2; exit 1; }
  t1=$(date +%s.%N)
  c1=$([ "$target" = edge ] && edge_ticks || echo 0)
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  sleep 0.2; m1=$(sink_messages)
  if [ $((m1 - m0)) -ne "$n" ]; then echo "relay-figures: sink got $((m1 - m0)) of $n messages ($target $workload)" >&2; exit 1; fi
  awk -v n="$n" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v tck="$TCK" -v target="$target" -v f="$work/ss.out" 'BEGIN {
    while ((getline line < f) > 0) { split(line, a, " "); ports[a[2]] = 1; per[a[1]]++ }
    distinct = 0; for (p in ports) distinct++
    peak = 0; for (s in per) if (per[s] > peak) peak = per[s]
    cpu = target == "edge" ? sprintf("%.0f", c / tck * 1e6 / n) : "-"
    printf "%.0f %s %d %d\n", n / (t1 - t0), cpu, distinct, peak
  }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "relay-figures: sink :$SINK, Edge pid $EDGE on :$MX; warming up"
timeout "$RUN_TIMEOUT" smtp-source -s "$SESSIONS" -m 4000 -l $SIZE -d -f a@loadtest -t user@example.com "127.0.0.1:$MX"
timeout "$RUN_TIMEOUT" smtp-source -s "$SESSIONS" -m 1000 -l $SIZE -f a@loadtest -t user@example.com "127.0.0.1:$MX"

declare -A rate cpu conns peak
for rep in $(seq "$REPS"); do
  for workload in many one; do
    for target in direct edge; do
      read -r r c d p <<<"$(run "$target" "$workload")"
      [ -n "${p:-}" ] || exit 1 # run reported why
      rate[$target.$workload]+="$r "; cpu[$target.$workload]+="$c "; conns[$target.$workload]+="$d "; peak[$target.$workload]+="$p "
      printf '  rep %d %-4s %-6s %6s msg/s  Edge CPU %5s us/msg  sink-side connections seen %4s (peak %s)\n' "$rep" "$workload" "$target" "$r" "$c" "$d" "$p"
    done
  done
done
kill "$EDGE"; wait "$EDGE" 2>/dev/null || true
sleep 0.3

echo
echo "medians of $REPS (1 KiB messages, $SESSIONS sessions at a time; date $(date -u +%Y-%m-%d), $(nproc) cores)"
echo "| workload | direct msg/s | via Edge msg/s | Edge CPU per message | backend connections Edge used (distinct / peak) |"
echo "|---|---|---|---|---|"
for workload in many one; do
  label=$([ "$workload" = many ] && echo "$SESSIONS sessions, $((MANY / SESSIONS)) messages each" || echo "one message per session ($ONE)")
  printf '| %s | %s | %s | %s µs | %s / %s |\n' "$label" \
    "$(tr ' ' '\n' <<<"${rate[direct.$workload]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${rate[edge.$workload]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${cpu[edge.$workload]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${conns[edge.$workload]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${peak[edge.$workload]}" | grep . | median)"
done
echo "sink sessions over the whole script: $(tr '\r' '\n' <"$work/sink.out" | awk -F'sess=' 'NF > 1 { split($2, a, " "); s = a[1] } END { print s + 0 }') (direct runs: one per smtp-source session; Edge: its backend connections, closed at exit)"
echo "Edge log lines: $(wc -l <"$work/edge.log")"
