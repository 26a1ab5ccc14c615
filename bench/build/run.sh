#!/usr/bin/env bash
# Build benchmark: gen against Hugo on the same generated content.
#
#   bench/build/run.sh [N ...]        default: 1000 10000 100000
#   RUNS=5 bench/build/run.sh 10000   runs per generator and size (default 3)
#
# For each N it writes a corpus (go run ./cmd/corpus, seed 1), then builds it
# RUNS times with each generator, alternating, into an empty output folder,
# and prints the median wall time, the peak memory (max RSS, /usr/bin/time)
# and the output size of each, and their ratios. gen builds with its full list
# page (compactAbove set above N) so that both produce the same pages: one per
# error, the list page with every error's text, the home page and a JSON
# index. Installs hugo and time from Debian when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hugo >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq hugo; }
[ -x /usr/bin/time ] || { as_root apt-get update -qq; as_root apt-get install -y -qq time; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/gen" ./cmd/gen
go build -o "$work/corpus" ./cmd/corpus

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # measure LABEL COMMAND...: appends "seconds maxrss_kb" to $work/LABEL
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  cat "$work/time.txt" >> "$work/$label"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(go version | cut -d' ' -f3); $(hugo version | cut -d' ' -f2)"
printf '%-8s %-6s %10s %12s %12s\n' N tool "wall (s)" "peak (MB)" "output (MB)"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  "$work/corpus" -n "$n" -seed 1 -out "$site" >/dev/null
  sed -i "1i compactAbove = $((n + 1))" "$site/site.toml"
  rm -f "$work/gen-$n" "$work/hugo-$n"
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$work/out-gen" "$work/out-hugo"
    measure "gen-$n" "$work/gen" build -src "$site" -out "$work/out-gen"
    measure "hugo-$n" hugo --quiet -s "$root/bench/build/hugo" --contentDir "$site/content" -d "$work/out-hugo"
  done
  for tool in gen hugo; do
    wall=$(cut -d' ' -f1 "$work/$tool-$n" | median)
    mem=$(cut -d' ' -f2 "$work/$tool-$n" | median)
    bytes=$(du -sb "$work/out-$tool" | cut -f1)
    printf '%-8s %-6s %10.2f %12.0f %12.1f\n' "$n" "$tool" "$wall" "$((mem / 1024))" "$(echo "$bytes / 1000000" | bc -l)"
    eval "${tool}_wall=$wall ${tool}_mem=$mem"
  done
  printf '%-8s %-6s %10.2f %12.2f\n' "$n" "ratio" "$(echo "$gen_wall / $hugo_wall" | bc -l)" "$(echo "$gen_mem / $hugo_mem" | bc -l)"
  rm -rf "$site"
done
