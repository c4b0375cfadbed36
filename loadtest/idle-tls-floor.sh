#!/usr/bin/env bash
# idle-tls-floor: RSS per idle implicit-TLS connection (issue 7 target (e)) for three servers, interleaved, REPS times:
#   floor    IdleTlsFloor: bare SslStream over NetworkStream (no Kestrel, no Edge), same ECDSA P-256 certificate
#   floor-rb the same with OpenSSL's record buffers released after the handshake (SSL_MODE_RELEASE_BUFFERS +
#            SSL_free_buffers through SslStream internals: an experiment, see loadtest/IdleTlsFloor/Program.cs)
#   edge     Edge (Release build) with loadtest/compare's listener arguments
# Each server is started fresh, warmed with 200 idle TLS connections (handshake code paths, pools), then
# loadtest/compare_idle.py holds N connections (handshake done, greeting read, idle); the figure is the RSS
# delta of the server process / N, read from /proc/PID/status, as loadtest/compare's workload (e) does.
# Every process started here is stopped by its PID on exit.
#
#   loadtest/idle-tls-floor.sh [--quick] [--reps N] [--no-build]
#   EDGE_ARGS="--Edge:..." loadtest/idle-tls-floor.sh   # extra Edge configuration (word-split)
set -euo pipefail
cd "$(dirname "$0")/.."

N=10000 REPS=2 BUILD=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) N=2000; REPS=1 ;;
    --reps) REPS=${2:?--reps needs a number}; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "idle-tls-floor: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || { echo "idle-tls-floor: --reps must be a positive number" >&2; exit 2; }

EDGE_DLL=src/Edge.Gateway/bin/Release/net10.0/Edge.Gateway.dll
FLOOR_DLL=loadtest/IdleTlsFloor/bin/Release/net10.0/IdleTlsFloor.dll
WARM=200 TIMEOUT=240
if [ "$BUILD" = 1 ]; then
  dotnet build src/Edge.Gateway -c Release -v quiet -nologo >/dev/null
  dotnet build loadtest/IdleTlsFloor -c Release -v quiet -nologo >/dev/null
fi
for f in "$EDGE_DLL" "$FLOOR_DLL"; do [ -f "$f" ] || { echo "idle-tls-floor: $f missing (build or drop --no-build)" >&2; exit 1; }; done
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((N + 1000)) ] || { echo "idle-tls-floor: ulimit -n $(ulimit -n) is too low for $N connections" >&2; exit 1; }

work=$(mktemp -d /tmp/idle-tls-floor.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
used=$(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }')
taken=" "
# Not in $(...), so the taken list survives: free_port NAME sets $NAME.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    if ! grep -qx "$p" <<<"$used" && [[ $taken != *" $p "* ]]; then taken+="$p "; printf -v "$1" '%s' "$p"; return; fi
  done
}
wait_port() { # port log
  for _ in $(seq 150); do ss -Htln "( sport = :$1 )" | grep -q . && return; sleep 0.2; done
  echo "idle-tls-floor: nothing listens on :$1" >&2; tail -20 "$2" >&2; exit 1
}
rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }

# hold PID PORT COUNT: RSS delta of PID while COUNT idle TLS connections are held; prints KiB/connection.
hold() {
  local pid=$1 port=$2 count=$3 before after holder ready=""
  sleep 1
  before=$(rss "$pid")
  : >"$work/idle.out" # truncated here: the background job's own redirection may come after the first grep below
  python3 loadtest/compare_idle.py 127.0.0.1 "$port" "$count" tls >"$work/idle.out" 2>&1 &
  holder=$!; pids+=("$holder")
  for _ in $(seq $((TIMEOUT * 5))); do
    if grep -q '^ready' "$work/idle.out"; then ready=$(awk '/^ready/ { print $2 }' "$work/idle.out"); break; fi
    kill -0 "$holder" 2>/dev/null || break
    sleep 0.2
  done
  # hold runs inside $(...) for the measured step: stop the holder here, the exit trap's list is the parent's.
  [ "$ready" = "$count" ] || { stop "$holder"; echo "idle-tls-floor: holder got ${ready:-0} of $count: $(head -c 300 "$work/idle.out")" >&2; exit 1; }
  sleep 2
  after=$(rss "$pid")
  stop "$holder"
  python3 -c "print(f'{$before} {$after} {($after - $before) / $count:.2f}')"
}

run() { # name rep
  local name=$1 rep=$2 pid port http sink="" line
  free_port port
  case $name in
    floor) dotnet "$FLOOR_DLL" "$port" "$work/cert.pem" "$work/key.pem" >"$work/$name.log" 2>&1 & pid=$! ;;
    floor-rb) dotnet "$FLOOR_DLL" "$port" "$work/cert.pem" "$work/key.pem" --release-buffers >"$work/$name.log" 2>&1 & pid=$! ;;
    edge)
      local base; free_port base; free_port http
      smtp-sink -c -u nobody "127.0.0.1:$base" 100 >/dev/null 2>&1 & sink=$!; pids+=("$sink")
      # shellcheck disable=SC2086 # EDGE_ARGS is a list of --Key=value words
      dotnet "$EDGE_DLL" --Edge:Hostname=edge.floor.test \
        --Edge:Listeners:0:Endpoint="127.0.0.1:$port" --Edge:Listeners:0:Mode=implicit-tls --Edge:Listeners:0:Role=mx \
        --Edge:Http:Endpoint="127.0.0.1:$http" \
        --Edge:Tls:Certificates:0:CertPath="$work/cert.pem" --Edge:Tls:Certificates:0:KeyPath="$work/key.pem" \
        --Edge:Tls:Certificates:0:Hosts:0=localhost --Edge:AcceptedDomains:0=example.com \
        --Edge:Limits:MaxConnections=30000 --Edge:Limits:MaxConnectionsPerAddress=30000 \
        --Edge:Backends:0:Name=sink --Edge:Backends:0:Endpoint="127.0.0.1:$base" \
        --Logging:LogLevel:Default=Warning ${EDGE_ARGS:-} >"$work/$name.log" 2>&1 & pid=$! ;;
  esac
  pids+=("$pid")
  wait_port "$port" "$work/$name.log"
  hold "$pid" "$port" "$WARM" >/dev/null
  line=$(hold "$pid" "$port" "$N")
  # shellcheck disable=SC2086
  set -- $line
  printf '  %-8s rep %d  %d idle TLS connections: RSS %d -> %d KiB, %s KiB/connection\n' "$name" "$rep" "$N" "$1" "$2" "$3"
  stop "$pid"
  [ -n "$sink" ] && stop "$sink"
  grep -q 'not the expected\|not a SafeSslHandle' "$work/$name.log" && { echo "idle-tls-floor: $name: $(grep -m1 release-buffers "$work/$name.log")" >&2; exit 1; }
  return 0
}

echo "idle-tls-floor: $N connections, $REPS reps, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(openssl version | cut -d' ' -f1-2), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ { v = $2 } END { print v }'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
for rep in $(seq "$REPS"); do
  for name in floor floor-rb edge; do run "$name" "$rep"; done
done
