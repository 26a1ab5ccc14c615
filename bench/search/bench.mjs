// The search benchmark: this engine against MiniSearch, Lunr, FlexSearch and
// Pagefind, on the same content and the same queries, at the real content
// and with 1,000 and 10,000 generated look-alike errors added.
//
//   npm ci && node bench/search/bench.mjs [scales...]     (default: 0 1000 10000)
//
// Per engine and scale: top-1 rate over testdata/search/queries.json; the
// bytes a first query downloads (gzip level 9 of the engine's code and of
// every index file that query reads; p50 and max over the queries, each on
// a fresh engine); query latency p50/p95 in Node, after one warm-up pass.
// Not run by the tests: it takes minutes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import MiniSearch from "minisearch";
import lunr from "lunr";
import FlexSearch from "flexsearch";
import * as pagefind from "pagefind";
import { generate, writeSite } from "./generate.mjs";
import { gz, moduleBytes, pct } from "./sizes.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const gzFile = (path) => gz(readFileSync(path));
const queries = JSON.parse(readFileSync(join(root, "testdata/search/queries.json"), "utf8"));
const scales = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [0, 1000, 10000];

// Every generated error must leave each real word and status query exactly
// one right answer: no generated error holds all of the query's words.
async function checkGenerated(mod, gen) {
  for (const q of queries.filter((q) => q.kind === "word" || q.kind === "status")) {
    const words = mod.tokenize(q.q);
    for (const e of gen) {
      const text = new Set(mod.tokenize([e.title, ...e.messages, ...e.tags, e.body].join(" ")));
      if (words.every((w) => text.has(w))) throw new Error(`generated ${e.id} holds every word of the query ${JSON.stringify(q.q)}`);
    }
  }
}

async function measure(name, makeFirst, run) {
  // Top-1 and first-query bytes, each query on a fresh engine.
  let top1 = 0;
  const bytes = [];
  for (const q of queries) {
    const { query, downloaded } = await makeFirst();
    const got = await query(q.q);
    if (got === q.want) top1++;
    bytes.push(downloaded());
  }
  // Latency: one warm engine, one warm-up pass, then each query timed.
  const { query } = await makeFirst();
  for (const q of queries) await query(q.q);
  const times = [];
  for (let rep = 0; rep < 3; rep++) {
    for (const q of queries) {
      const t0 = performance.now();
      await query(q.q);
      times.push(performance.now() - t0);
    }
  }
  return { name, top1: top1 / queries.length, bytesP50: pct(bytes, 50), bytesMax: Math.max(...bytes), p50: pct(times, 50), p95: pct(times, 95) };
}

function docsOf(site) {
  return JSON.parse(readFileSync(join(site, "errors.json"), "utf8")).errors;
}

async function benchScale(n) {
  const work = mkdtempSync(join(tmpdir(), `search-bench-${n}-`));
  try {
    const src = join(work, "site"), out = join(work, "out");
    const gen = generate(n);
    writeSite(root, src, gen);
    const t0 = performance.now();
    execFileSync("go", ["run", "./cmd/gen", "build", "-src", src, "-out", out], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    console.error(`scale ${n}: site built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // The engine from the built output (its fold table is generated).
    const ours = await import(pathToFileURL(join(out, "assets/search.js")).href);
    await checkGenerated(ours, gen);
    const bodies = new Map(gen.map((e) => [e.id, e.body]));
    for (const f of readdirSync(join(root, "content/errors"))) {
      const text = readFileSync(join(root, "content/errors", f), "utf8").split("+++")[2] ?? "";
      bodies.set(f.replace(/\.md$/, ""), text);
    }
    const docs = docsOf(out).map((e) => ({ id: e.id, title: e.title, messages: e.messages.join("\n"), tags: "", body: bodies.get(e.id) ?? "" }));
    const results = [];

    // This engine: search.js and the modules it imports, each gzipped.
    const engineBytes = moduleBytes(out, "assets/search.js");
    results.push(await measure("this engine", async () => {
      let bytes = engineBytes;
      const s = ours.createSearch(async (p) => {
        const data = readFileSync(join(out, p));
        bytes += gz(data);
        return JSON.parse(data);
      });
      return { query: async (q) => (await s.query(q, 1))[0]?.id, downloaded: () => bytes };
    }, null));

    // MiniSearch: documented fuzzy and prefix search.
    const ms = new MiniSearch({ fields: ["title", "messages", "tags", "body"], storeFields: ["title"], idField: "id" });
    ms.addAll(docs);
    const msBytes = gz(JSON.stringify(ms)) + gzFile(join(root, "node_modules/minisearch/dist/es/index.js"));
    const msLoaded = MiniSearch.loadJSON(JSON.stringify(ms), { fields: ["title", "messages", "tags", "body"], storeFields: ["title"] });
    results.push(await measure("MiniSearch 7 (fuzzy 0.2, prefix)", async () => ({
      query: async (q) => msLoaded.search(q, { fuzzy: 0.2, prefix: true, boost: { title: 2, messages: 2 } })[0]?.id,
      downloaded: () => msBytes,
    })));

    // Lunr: every word as a term with edit distance 1 and a trailing wildcard.
    const lx = lunr(function () {
      this.ref("id");
      this.field("title", { boost: 2 });
      this.field("messages", { boost: 2 });
      this.field("body");
      for (const d of docs) this.add(d);
    });
    const lxBytes = gz(JSON.stringify(lx)) + gzFile(join(root, "node_modules/lunr/lunr.min.js"));
    const lxLoaded = lunr.Index.load(JSON.parse(JSON.stringify(lx)));
    results.push(await measure("Lunr 2 (edit distance 1, wildcard)", async () => ({
      query: async (q) => lxLoaded.query((b) => {
        for (const t of lunr.tokenizer(q)) {
          const s = t.toString();
          b.term(s, { editDistance: s.length > 4 ? 1 : 0 });
          b.term(s, { wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
        }
      })[0]?.ref,
      downloaded: () => lxBytes,
    })));

    // FlexSearch: forward tokenizer, LatinBalance encoder, suggest.
    const fx = new FlexSearch.Index({ tokenize: "forward", encoder: FlexSearch.Charset.LatinBalance, resolution: 9 });
    docs.forEach((d, i) => fx.add(i, [d.title, d.messages, d.messages, d.tags, d.body].join("\n")));
    let fxBytes = gzFile(join(root, "node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs"));
    await fx.export((key, data) => { fxBytes += gz(String(data ?? "")); });
    results.push(await measure("FlexSearch 0.8 (forward, LatinBalance, suggest)", async () => ({
      query: async (q) => docs[fx.search(q, { limit: 1, suggest: true })[0]]?.id,
      downloaded: () => fxBytes,
    })));

    // Pagefind: its own index written by its Node API, searched with its
    // own browser module, fetching from the folder.
    const pf = join(work, "pagefind");
    const { index } = await pagefind.createIndex({ forceLanguage: "nl" });
    for (const d of docs) {
      await index.addCustomRecord({ url: `/errors/${d.id}/`, content: [d.title, d.messages, d.tags, d.body].join("\n"), language: "nl", meta: { title: d.title, id: d.id } });
    }
    await index.writeFiles({ outputPath: pf });
    await pagefind.close();
    results.push(await measure("Pagefind 1.6", async () => {
      let bytes = 0;
      const seen = new Set();
      const read = (url) => {
        const p = fileURLToPath(url);
        if (!seen.has(p)) {
          seen.add(p);
          bytes += /\.(pf_\w+)$/.test(p) ? statSync(p).size : gzFile(p); // pf_* files are gzip already
        }
        return readFileSync(p);
      };
      globalThis.fetch = async (url) => {
        const data = read(String(url).split("?")[0]);
        return new Response(data);
      };
      const mod = await import(pathToFileURL(join(pf, "pagefind.js")).href + `?fresh=${Math.random()}`);
      read(pathToFileURL(join(pf, "pagefind.js")).href);
      await mod.options({ basePath: pathToFileURL(pf + "/").href });
      return {
        query: async (q) => {
          const r = await mod.search(q);
          return r.results.length ? (await r.results[0].data()).meta.id : undefined;
        },
        downloaded: () => bytes,
      };
    }));

    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const rows = [];
for (const n of scales) {
  for (const r of await benchScale(n)) rows.push({ scale: n === 0 ? "real (21)" : `${n} + 21`, ...r });
}
console.log("| errors | engine | top-1 | first query downloads (p50 / max, gzip) | latency p50 / p95 |");
console.log("|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.scale} | ${r.name} | ${(100 * r.top1).toFixed(1)}% | ${kb(r.bytesP50)} / ${kb(r.bytesMax)} | ${r.p50.toFixed(2)} / ${r.p95.toFixed(2)} ms |`);
}
