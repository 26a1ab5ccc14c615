// The relevance suite: realistic lines customers paste, each with the one
// error that must come first. Built from the real content with the real
// generator; the engine is imported from the built output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, engine, readJSON } from "./helpers.mjs";

const MIN_TOP1 = 0.95;
const KINDS = ["line", "message", "english", "typo", "spacing", "status", "word", "prefix"];

test("relevance: the right error comes first for pasted log lines", async (t) => {
  const queries = readJSON("testdata/search/queries.json");
  assert.ok(queries.length >= 110, `only ${queries.length} queries`);
  for (const q of queries) {
    assert.deepEqual(Object.keys(q).sort(), ["kind", "q", "want"], `bad entry ${JSON.stringify(q)}`);
    assert.ok(KINDS.includes(q.kind), `unknown kind ${q.kind}`);
  }
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  const ids = new Set(JSON.parse(readFileSync(join(site.out, "errors.json"), "utf8")).errors.map((e) => e.id));
  for (const q of queries) assert.ok(ids.has(q.want), `want ${q.want}: no such error`);

  let pass = 0;
  const failures = [];
  const byKind = {};
  for (const q of queries) {
    const got = await search.query(q.q, 3);
    const k = (byKind[q.kind] ??= [0, 0]);
    k[1]++;
    if (got[0]?.id === q.want) {
      pass++;
      k[0]++;
    } else {
      failures.push(`  FAIL [${q.kind}] ${JSON.stringify(q.q)}\n       want ${q.want}, got ${got.map((r) => `${r.id} (${r.score})`).join(", ") || "nothing"}`);
    }
  }
  const rate = pass / queries.length;
  console.log(`relevance: ${pass}/${queries.length} top-1 (${(100 * rate).toFixed(1)}%)`);
  console.log("  by kind: " + Object.entries(byKind).map(([k, [p, n]]) => `${k} ${p}/${n}`).join(", "));
  if (failures.length) console.log(failures.join("\n"));
  assert.ok(rate >= MIN_TOP1, `top-1 ${(100 * rate).toFixed(1)}% is below ${100 * MIN_TOP1}%`);
});
