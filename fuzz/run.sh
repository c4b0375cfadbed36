#!/usr/bin/env bash
# fuzz/run.sh replay TARGET FILE...: run saved inputs through TARGET without AFL (uninstrumented build); names the
# invariant each failing input breaks.
# fuzz/run.sh TARGET [MINUTES]: build Edge.Fuzz, instrument Edge.Protocol.dll with SharpFuzz, run AFL++ on TARGET
# (command | data | bdat | proxy) for MINUTES (default 10) from the seeds in fuzz/corpus/TARGET.
# Findings go to fuzz/out/TARGET/default/{crashes,hangs,queue} (FUZZ_OUT overrides fuzz/out); the figures are in
# fuzz/out/TARGET/default/fuzzer_stats. Needs afl++ (Debian package) and the .NET SDK. See fuzz/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [[ "${1:-}" == replay ]]; then
  shift
  # The instrumented Edge.Protocol.dll only runs under afl-fuzz (it writes to AFL's shared memory), so replay builds apart.
  exec dotnet run --project "$here/Edge.Fuzz/Edge.Fuzz.csproj" -c Release -- "$@"
fi
target=${1:-}
minutes=${2:-10}
case "$target" in
  command|data|bdat|proxy) ;;
  *) echo "usage: fuzz/run.sh command|data|bdat|proxy [MINUTES] | fuzz/run.sh replay TARGET FILE..." >&2; exit 2 ;;
esac
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "MINUTES must be a positive whole number" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }

out=${FUZZ_OUT:-$here/out}
bin=$out/bin
mkdir -p "$out"

# One build and instrumentation serves every target; concurrent runs wait for it instead of racing on it.
# SharpFuzz rewrites Edge.Protocol.dll in place, so each build starts from a clean output folder.
(
  flock 9
  stamp=$bin/.instrumented
  newest=$(find "$here/Edge.Fuzz" "$here/../src/Edge.Protocol" -name '*.cs' -newer "$stamp" -print -quit 2>/dev/null || echo changed)
  if [[ ! -f "$stamp" || -n "$newest" ]]; then
    rm -rf "$bin"
    (cd "$here" && dotnet tool restore >/dev/null)
    dotnet publish "$here/Edge.Fuzz/Edge.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet
    (cd "$here" && dotnet tool run sharpfuzz "$bin/Edge.Protocol.dll")
    touch "$stamp"
  fi
) 9>"$out/.build.lock"

# The target is a .NET program, not an AFL-compiled binary: SharpFuzz speaks AFL's fork server protocol itself.
export AFL_SKIP_BIN_CHECK=1
export AFL_NO_AFFINITY=1            # several runs may share few cores
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=${AFL_NO_UI:-$([[ -t 1 ]] && echo 0 || echo 1)}
[[ "$AFL_NO_UI" == 1 ]] || unset AFL_NO_UI

# -t: a .NET child needs a generous first exec (JIT); -m none: the CLR reserves far more address space than it uses.
exec afl-fuzz -i "$here/corpus/$target" -o "$out/$target" -t 5000 -m none -V $((minutes * 60)) \
  -- "$bin/Edge.Fuzz" "$target"
