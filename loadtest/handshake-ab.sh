#!/usr/bin/env bash
# handshake-ab.sh: interleaved A/B of two Edge builds (plus nginx's mail proxy, set up as loadtest/compare does) on
# (c) STARTTLS and (d) implicit TLS, one message per full-handshake session, SESSIONS (20) concurrent clients, ECDSA
# P-256; (b) one plaintext message per session (smtp-source, 100 parallel); (p) the same over the load tool, no TLS.
# Per run: CPU us/session (utime+stime from /proc, nginx = master + workers), allocated B/session
# (edge_process_allocated_bytes_total), the client's handshake p50. The order of targets alternates between reps.
#   loadtest/handshake-ab.sh BEFORE_DIR AFTER_DIR [REPS] [N]    (DIRs: Edge.Gateway Release output folders)
#   env: WORKLOADS="c d" (b, p), NB=3000 (b), NGINX=1, SESSIONS=20, RATE= (open loop), WARM=600, SYSCOUNT=1 (perf stat
#        context switches and system calls per session), EXTRA_EV (more perf events), ARGS_/ENV_BEFORE|AFTER
# Every client run has a timeout; every process started here is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?before dir} B=${2:?after dir} REPS=${3:-3} N=${4:-1500}
WORKLOADS=${WORKLOADS:-c d} NGINX=${NGINX:-1} WARM=${WARM:-600}
LOAD_DLL=${LOAD_DLL:-$PWD/loadtest/Edge.LoadTest/bin/Release/net10.0/Edge.LoadTest.dll}
[ -f "$LOAD_DLL" ] || { echo "ab: build loadtest/Edge.LoadTest (Release) first" >&2; exit 1; }
NGX_MOD=/usr/lib/nginx/modules/ngx_mail_module.so
work=$(mktemp -d /tmp/edge-handshake-ab.XXXXXX); chmod 755 "$work"
RAW=$work/raw.jsonl; : >"$RAW"
pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT; trap 'exit 130' INT TERM
used=$(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }'); taken=" "
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); if ! grep -qx "$p" <<<"$used" && [[ $taken != *" $p "* ]]; then taken+="$p "; echo "$p"; return; fi; done; }
for name in SINK NGX NGXS NGXI NGXA AMX AS AI AH BMX BS BI BH; do free_port >"$work/port"; printf -v "$name" '%s' "$(cat "$work/port")"; done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null; chmod 644 "$work/key.pem"
smtp-sink -c -C -u nobody -m 12000 "127.0.0.1:$SINK" 4096 >"$work/sink.out" 2>&1 & SINK_PID=$!; pids+=("$SINK_PID")
sink_messages() { tr '\r' '\n' <"$work/sink.out" | awk -F'mesg=' 'NF > 1 { m = $2 } END { print m + 0 }'; }
if [ "$NGINX" = 1 ]; then
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<NGX
load_module $NGX_MOD;
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4000; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$NGXA; location = /auth { add_header Auth-Status OK; add_header Auth-Server 127.0.0.1; add_header Auth-Port $SINK; return 204; } }
}
mail {
  server_name mx.compare.test; auth_http 127.0.0.1:$NGXA/auth; smtp_auth none; xclient off;
  ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem; ssl_protocols TLSv1.2 TLSv1.3;
  server { listen 127.0.0.1:$NGX; protocol smtp; }
  server { listen 127.0.0.1:$NGXS; protocol smtp; starttls on; }
  server { listen 127.0.0.1:$NGXI ssl; protocol smtp; }
}
NGX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & NGX_PID=$!; pids+=("$NGX_PID")
fi
start_edge() { # dir mx starttls implicit http -> pid in EDGE_PID
  # shellcheck disable=SC2086
  env ${EDGE_ENV:-} $7 dotnet "$1/Edge.Gateway.dll" --Edge:Hostname=edge.compare.test \
    --Edge:Listeners:0:Endpoint="127.0.0.1:$2" --Edge:Listeners:0:Mode=plain --Edge:Listeners:0:Role=mx \
    --Edge:Listeners:1:Endpoint="127.0.0.1:$3" --Edge:Listeners:1:Mode=starttls --Edge:Listeners:1:Role=mx \
    --Edge:Listeners:2:Endpoint="127.0.0.1:$4" --Edge:Listeners:2:Mode=implicit-tls --Edge:Listeners:2:Role=mx \
    --Edge:Http:Endpoint="127.0.0.1:$5" \
    --Edge:Tls:Certificates:0:CertPath="$work/cert.pem" --Edge:Tls:Certificates:0:KeyPath="$work/key.pem" \
    --Edge:Tls:Certificates:0:Hosts:0=localhost --Edge:AcceptedDomains:0=example.com \
    --Edge:Limits:MaxConnections=30000 --Edge:Limits:MaxConnectionsPerAddress=30000 --Edge:Limits:MaxMessagesPerSession=1000000 \
    --Edge:Backends:0:Name=sink --Edge:Backends:0:Endpoint="127.0.0.1:$SINK" ${EDGE_ARGS:-} $6 >"$work/edge-$5.log" 2>&1 &
  EDGE_PID=$!; pids+=("$EDGE_PID")
  for _ in $(seq 150); do curl -fsS "http://127.0.0.1:$5/healthz" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "ab: Edge $1 did not start"; cat "$work/edge-$5.log"; exit 1
}
start_edge "$A" "$AMX" "$AS" "$AI" "$AH" "${ARGS_BEFORE:-}" "${ENV_BEFORE:-}"; APID=$EDGE_PID
start_edge "$B" "$BMX" "$BS" "$BI" "$BH" "${ARGS_AFTER:-}" "${ENV_AFTER:-}"; BPID=$EDGE_PID
echo "ab: before pid $APID ($A), after pid $BPID ($B), work $work"
pids_of() { case $1 in nginx) echo "$NGX_PID $(awk -v p="$NGX_PID" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null | tr '\n' ' ')" ;; before) echo "$APID" ;; after) echo "$BPID" ;; esac; }
ticks() { local t=0 p; for p in $(pids_of "$1"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
http_of() { case $1 in before) echo "$AH" ;; after) echo "$BH" ;; esac; }
allocated() { curl -fsS "http://127.0.0.1:$(http_of "$1")/metrics" | awk '$1 == "edge_process_allocated_bytes_total" { printf "%.0f", $2 }'; }
port_of() { case $1.$2 in nginx.plain) echo $NGX ;; nginx.starttls) echo $NGXS ;; nginx.implicit) echo $NGXI ;;
  before.plain) echo $AMX ;; before.starttls) echo $AS ;; before.implicit) echo $AI ;; after.plain) echo $BMX ;; after.starttls) echo $BS ;; after.implicit) echo $BI ;; esac; }
TCK=$(getconf CLK_TCK)
client() { # target workload n json
  local mode
  case $2 in
    b) timeout 180 smtp-source -s 100 -m "$3" -l 1024 -f a@compare.test -t user@example.com "127.0.0.1:$(port_of "$1" plain)" ;;
    p|c|d) mode=starttls; [ "$2" = d ] && mode=implicit; [ "$2" = p ] && mode=none
       timeout 180 dotnet "$LOAD_DLL" --target "127.0.0.1:$(port_of "$1" ${mode/none/plain})" --server-name localhost --insecure --tls $mode \
         --tls-resume off ${RATE:+--rate $RATE} --sessions ${SESSIONS:-20} --messages "$3" --messages-per-session 1 --size 1k --to user@example.com --no-progress --json "$4" >"$work/load.out" 2>&1 ;;
  esac
}
wait_port() { for _ in $(seq 300); do ss -Htln "( sport = :$1 )" | grep -q . && return; sleep 0.1; done; echo "ab: nothing on :$1"; exit 1; }
wait_port "$SINK"; [ "$NGINX" = 1 ] && wait_port "$NGXS"
TARGETS="before after"; [ "$NGINX" = 1 ] && TARGETS="nginx before after"
echo "ab: warm-up (20000 plaintext messages, $WARM STARTTLS + $WARM implicit sessions each)"
for t in $TARGETS; do
  timeout 180 smtp-source -s 50 -m 20000 -l 1024 -d -f a@compare.test -t user@example.com "127.0.0.1:$(port_of $t plain)"
  client $t c "$WARM" "$work/w.json"; client $t d "$WARM" "$work/w.json"
done
run() { # target workload rep
  local t=$1 w=$2 n=$N m0 m1 c0 c1 a0="" a1="" t0 t1 hs=""
  [ "$w" = b ] && n=${NB:-3000}
  m0=$(sink_messages); c0=$(ticks $t); [ $t != nginx ] && a0=$(allocated $t); t0=$(date +%s.%N)
  local pp=""
  if [ "${SYSCOUNT:-0}" = 1 ]; then
    ev=cs; for sc in sendto recvfrom sendmsg recvmsg write read writev readv epoll_wait epoll_ctl futex sched_yield accept4 close shutdown setsockopt getsockopt mmap munmap madvise mprotect getrandom; do ev+=",syscalls:sys_enter_$sc"; done
    ev+="${EXTRA_EV:-}"; perf stat -e "$ev" -p "$(pids_of $t | xargs | tr ' ' ',')" -o "$work/stat-$t-$w-$3.txt" & pp=$!
    sleep 0.5
  fi
  rm -f "$work/load.json"; client $t $w $n "$work/load.json" || { echo "ab: client failed $t $w"; cat "$work/load.out"; exit 1; }
  if [ -n "$pp" ]; then kill -INT $pp; wait $pp || true
    awk -v n=$n -v t=$t '/syscalls:|cs|probe/ { gsub(",", "", $1); printf "  %s %-38s %8.2f/session\n", t, $2, $1 / n }' "$work/stat-$t-$w-$3.txt"; fi
  t1=$(date +%s.%N); c1=$(ticks $t); [ $t != nginx ] && a1=$(allocated $t)
  for _ in $(seq 50); do m1=$(sink_messages); [ $((m1 - m0)) -ge "$n" ] && break; sleep 0.1; done
  [ $((m1 - m0)) -eq "$n" ] || { echo "ab: sink got $((m1 - m0)) of $n ($t $w)"; exit 1; }
  [ -f "$work/load.json" ] && hs=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((l["p50Ms"] for l in r["latencies"] if l["name"].startswith("tls")), ""))' "$work/load.json")
  python3 - "$t" "$w" "$3" "$n" "$t0" "$t1" "$((c1 - c0))" "$TCK" "$a0" "$a1" "$hs" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RAW" <<'PY'
import json, sys
t, w, rep, n, t0, t1, c, tck, a0, a1, hs, load = sys.argv[1:]
row = {"target": t, "workload": w, "rep": int(rep), "n": int(n), "s": float(t1) - float(t0), "cpu_us": int(c) / int(tck) * 1e6 / int(n), "load1": float(load)}
if a0 and a1: row["bytes"] = (int(a1) - int(a0)) / int(n)
if hs: row["hs_p50_ms"] = float(hs)
print(json.dumps(row))
PY
  tail -1 "$RAW"
}
for rep in $(seq "$REPS"); do
  for w in $WORKLOADS; do
    order=$TARGETS; [ $((rep % 2)) = 0 ] && order=$(echo $TARGETS | tr ' ' '\n' | tac | tr '\n' ' ')
    for t in $order; do run $t $w $rep; done
  done
done
python3 - "$RAW" <<'PY'
import json, sys, statistics as st
rows = [json.loads(l) for l in open(sys.argv[1])]
def fmt(v): return "%.0f (%.0f-%.0f)" % (st.median(v), min(v), max(v)) if v else "-"
def fmtf(v): return "%.2f (%.2f-%.2f)" % (st.median(v), min(v), max(v)) if v else "-"
print("| workload | target | CPU us/session | B/session | handshake p50 ms | sessions/s |")
print("|---|---|---|---|---|---|")
for w in sorted({r["workload"] for r in rows}):
    for t in ["nginx", "before", "after"]:
        rs = [r for r in rows if r["workload"] == w and r["target"] == t]
        if not rs: continue
        print("| %s | %s | %s | %s | %s | %s |" % (w, t, fmt([r["cpu_us"] for r in rs]), fmt([r["bytes"] for r in rs if "bytes" in r]),
              fmtf([r["hs_p50_ms"] for r in rs if "hs_p50_ms" in r]), fmt([r["n"] / r["s"] for r in rs])))
PY
echo "ab: raw $RAW"
