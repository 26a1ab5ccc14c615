// Shared by the search benchmarks (bench.mjs, download.mjs): how bytes are
// counted, so that both report the same measure.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/** gz is the length of data compressed with gzip at level 9. */
export const gz = (data) => gzipSync(data, { level: 9 }).length;

/** pct is the p-th percentile of xs (nearest rank). */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * moduleBytes is the gzip size of the module at rel (a path in the output
 * out) and of every module it imports statically, each counted once: what
 * a browser downloads to run it.
 */
export function moduleBytes(out, rel, seen = new Set()) {
  if (seen.has(rel)) return 0;
  seen.add(rel);
  const data = readFileSync(join(out, rel));
  let sum = gz(data);
  const imports = /(?:^|[;}\s])(?:import|export)\s*(?:[^"'`;()=]*?\bfrom\s*)?["']([^"']+)["']/g;
  for (const [, spec] of data.toString("utf8").matchAll(imports)) {
    if (spec.startsWith(".")) sum += moduleBytes(out, join(dirname(rel), spec), seen);
  }
  return sum;
}
