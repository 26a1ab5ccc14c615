// What a first query downloads, at the real content plus N errors of the
// family shape (go run ./cmd/corpus -shape family), counted as bench.mjs
// counts it: gzip -9 of search.js and every module it imports statically,
// plus every index file the query reads, each query of
// testdata/search/queries.json on a fresh engine; p50 and max.
//
//   node bench/search/download.mjs [N ...]      (default: 10000)
//   node bench/search/download.mjs -out DIR     (a site built already)
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gz, moduleBytes, pct } from "./sizes.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const queries = JSON.parse(readFileSync(join(root, "testdata/search/queries.json"), "utf8"));

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

async function measure(out, label) {
  const code = moduleBytes(out, "assets/search.js");
  const mod = await import(pathToFileURL(join(out, "assets/search.js")).href);
  const bytes = [], files = [];
  for (const q of queries) {
    const seen = new Set();
    let sum = code;
    const s = mod.createSearch(async (p) => {
      const data = readFileSync(join(out, p));
      if (!seen.has(p)) sum += gz(data);
      seen.add(p);
      return JSON.parse(data);
    });
    await s.query(q.q, 1);
    bytes.push(sum);
    files.push(seen.size);
  }
  console.log(`${label}: engine ${kb(code)}, first query p50 ${kb(pct(bytes, 50))}, max ${kb(Math.max(...bytes))} gzip; files read p50 ${pct(files, 50)}, max ${Math.max(...files)}`);
}

const args = process.argv.slice(2);
if (args[0] === "-out") {
  await measure(args[1], args[1]);
} else {
  for (const n of args.length ? args.map(Number) : [10000]) {
    const work = mkdtempSync(join(tmpdir(), `download-${n}-`));
    try {
      const src = join(work, "site"), out = join(work, "out");
      cpSync(join(root, "site.toml"), join(src, "site.toml"));
      cpSync(join(root, "content"), join(src, "content"), { recursive: true });
      execFileSync("go", ["run", "./cmd/corpus", "-shape", "family", "-n", String(n), "-add", "-out", src], { cwd: root, stdio: "ignore" });
      execFileSync("go", ["run", "./cmd/gen", "build", "-src", src, "-out", out, "-cache", "off"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
      await measure(out, `${n} family + real`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
