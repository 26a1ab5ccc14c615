#!/usr/bin/env bash
# Build benchmark: gen against Hugo on the same generated content.
#
#   bench/build/run.sh [N ...]        default: 1000 10000 100000
#   RUNS=5 bench/build/run.sh 10000   runs per generator and size (default 3)
#   SHAPES=family bench/build/run.sh  corpus shapes (default: plain family)
#   WORK=/some/dir bench/build/run.sh where corpora and outputs go
#   SERVE=0 bench/build/run.sh        leave out the gen serve benchmark
#
# For each shape and N it writes a corpus (go run ./cmd/corpus -shape S,
# seed 1: plain, errors of a few shapes with numbered objects; family, the
# shape of real catalogues, families sharing their beginning with
# placeholders in the same places, wrappers, both languages), then builds it
# RUNS times with each generator, alternating which goes first, each into a
# new output folder, and prints the median wall time, the peak memory (max
# RSS, /usr/bin/time) and the output size of each, and their ratios. These
# are cold builds: gen without its persistent cache (-cache off). Then
# "warm": gen build with its cache, after one error file changed (the
# median of RUNS changes, the cache filled by a build before them), its
# ratio to Hugo's full build; "check": gen check alone; and "floor":
# gen's output written again with no rendering (bench/build/floor: the
# same files, bytes and folders through the same publish, timed inside),
# what a cold build cannot go below. gen
# builds with its full list page (compactAbove set above N) so that both
# produce the same pages: one per error, the list page with every error's
# text, the home page and a JSON index. Installs hugo and time from Debian
# when they are missing.
#
# Outputs go to a tmpfs (/dev/shm) when there is one: on this project's VM
# the disk is ext4 mounted with online discard, and deleting an earlier
# output stalls the metadata writes of whichever tool runs next for seconds,
# which measured the disk, not the generators. WORK=<disk folder> measures
# on disk instead. Last, it measures gen serve's answer to a one-file change
# at 10,000 errors of each shape (go test -bench OneFileChange ./internal/serve).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${RUNS:-3}
sizes=("$@")
read -r -a shapes <<< "${SHAPES:-plain family}"
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hugo >/dev/null || { as_root apt-get update -qq; as_root apt-get install -y -qq hugo; }
[ -x /usr/bin/time ] || { as_root apt-get update -qq; as_root apt-get install -y -qq time; }

if [ -z "${WORK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  work=$(mktemp -d /dev/shm/gen-bench-XXXXXX)
else
  work=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/gen-bench-XXXXXX")
fi
trap 'rm -rf "$work"' EXIT
go build -o "$work/gen" ./cmd/gen
go build -o "$work/corpus" ./cmd/corpus
go build -o "$work/floor" ./bench/build/floor

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # measure LABEL OUT COMMAND...: appends "seconds maxrss_kb" to $work/LABEL
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  cat "$work/time.txt" >> "$work/$label"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(go version | cut -d' ' -f3); $(hugo version | cut -d' ' -f2); outputs in $(df --output=fstype "$work" | tail -1)"
printf '%-7s %-8s %-6s %10s %12s %12s\n' shape N tool "wall (s)" "peak (MB)" "output (MB)"
for shape in "${shapes[@]}"; do
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  "$work/corpus" -shape "$shape" -n "$n" -seed 1 -out "$site" >/dev/null
  sed -i "1i compactAbove = $((n + 1))" "$site/site.toml"
  rm -f "$work/gen-$n" "$work/hugo-$n" "$work/floor-$n"
  for ((r = 1; r <= runs; r++)); do
    run_gen() { measure "gen-$n" "$work/gen" build -cache off -src "$site" -out "$work/out-gen-$r"; }
    run_hugo() { measure "hugo-$n" hugo --quiet -s "$root/bench/build/hugo" --contentDir "$site/content" -d "$work/out-hugo-$r"; }
    if ((r % 2)); then run_gen; run_hugo; else run_hugo; run_gen; fi
    # The floor: gen's files written again with no rendering (see floor).
    "$work/floor" -from "$work/out-gen-$r" -out "$work/out-floor" >> "$work/floor-$n"
    # Keep the last outputs for their sizes; drop the earlier ones.
    if ((r > 1)); then rm -rf "$work/out-gen-$((r - 1))" "$work/out-hugo-$((r - 1))"; sync; fi
  done
  for tool in gen hugo; do
    wall=$(cut -d' ' -f1 "$work/$tool-$n" | median)
    mem=$(cut -d' ' -f2 "$work/$tool-$n" | median)
    bytes=$(du -sb "$work/out-$tool-$runs" | cut -f1)
    printf '%-7s %-8s %-6s %10.2f %12.0f %12.1f\n' "$shape" "$n" "$tool" "$wall" "$((mem / 1024))" "$(echo "$bytes / 1000000" | bc -l)"
    eval "${tool}_wall=$wall ${tool}_mem=$mem"
  done
  printf '%-7s %-8s %-6s %10.2f %12.2f\n' "$shape" "$n" "ratio" "$(echo "$gen_wall / $hugo_wall" | bc -l)" "$(echo "$gen_mem / $hugo_mem" | bc -l)"
  floor=$(median < "$work/floor-$n")
  printf '%-7s %-8s %-6s %10.2f %12s %12s   %.3f of hugo; gen %.1fx the floor\n' "$shape" "$n" "floor" "$floor" "" "" "$(echo "$floor / $hugo_wall" | bc -l)" "$(echo "$gen_wall / $floor" | bc -l)"
  # Warm: the cache filled by one build, then one file changed per run.
  rm -rf "$work/cache" "$work/warm-$n" "$work/check-$n"
  "$work/gen" build -cache "$work/cache" -src "$site" -out "$work/out-warm" >/dev/null 2>&1
  file=$(ls "$site/content/errors" | sed -n "$((n / 2))p")
  for ((r = 1; r <= runs; r++)); do
    sed -i "0,/^title = \"/s//title = \"Versie $r /" "$site/content/errors/$file"
    measure "warm-$n" "$work/gen" build -cache "$work/cache" -src "$site" -out "$work/out-warm"
    measure "check-$n" "$work/gen" check -src "$site"
  done
  for what in warm check; do
    wall=$(cut -d' ' -f1 "$work/$what-$n" | median)
    mem=$(cut -d' ' -f2 "$work/$what-$n" | median)
    printf '%-7s %-8s %-6s %10.2f %12.0f %12s   %.3f of hugo\n' "$shape" "$n" "$what" "$wall" "$((mem / 1024))" "" "$(echo "$wall / $hugo_wall" | bc -l)"
  done
  rm -rf "$site" "$work"/out-* "$work/cache"
done
done

[ "${SERVE:-1}" = 1 ] || exit 0
echo
echo "gen serve, one error file changed at 10,000 errors (rebuilt, pages written, reload sent):"
go test -run '^$' -bench OneFileChange -benchtime 20x ./internal/serve | awk '/^BenchmarkOneFileChange/ {split($1, a, "/"); sub(/-[0-9]+$/, "", a[2]); printf "  %s: %.1f ms per change (mean of 20)\n", a[2], $3 / 1e6}'
