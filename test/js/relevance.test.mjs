// The relevance suite: realistic lines customers paste, each with the one
// error that must come first. Built from the real content with the real
// generator; the engine is imported from the built output.
//
// Two files, each held to the same top-1 rule: queries.json, and
// queries-field.json (lines as customers really meet them: other Exact hosts,
// compound messages across languages, messages without their wrapper,
// grid, CSV and mail surroundings, the seed's typos).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, engine, readJSON } from "./helpers.mjs";

const MIN_TOP1 = 0.95;
const SUITES = [
  {
    file: "testdata/search/queries.json", what: "relevance", min: 110,
    kinds: ["line", "message", "english", "typo", "spacing", "status", "word", "prefix"],
  },
  {
    file: "testdata/search/queries-field.json", what: "relevance (field)", min: 60,
    kinds: ["host", "compound", "tail", "surroundings", "typo"],
  },
];

test("relevance: the right error comes first for pasted log lines", async (t) => {
  const suites = SUITES.map((s) => ({ ...s, queries: readJSON(s.file) }));
  for (const { file, min, kinds, queries } of suites) {
    assert.ok(queries.length >= min, `${file}: only ${queries.length} queries`);
    for (const q of queries) {
      assert.deepEqual(Object.keys(q).sort(), ["kind", "q", "want"], `${file}: bad entry ${JSON.stringify(q)}`);
      assert.ok(kinds.includes(q.kind), `${file}: unknown kind ${q.kind}`);
    }
  }
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  const ids = new Set(JSON.parse(readFileSync(join(site.out, "errors.json"), "utf8")).errors.map((e) => e.id));
  for (const { file, queries } of suites) {
    for (const q of queries) assert.ok(ids.has(q.want), `${file}: want ${q.want}: no such error`);
  }

  const below = [];
  for (const { what, queries } of suites) {
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
    console.log(`${what}: ${pass}/${queries.length} top-1 (${(100 * rate).toFixed(1)}%)`);
    console.log("  by kind: " + Object.entries(byKind).map(([k, [p, n]]) => `${k} ${p}/${n}`).join(", "));
    if (failures.length) console.log(failures.join("\n"));
    if (rate < MIN_TOP1) below.push(`${what}: top-1 ${(100 * rate).toFixed(1)}% is below ${100 * MIN_TOP1}%`);
  }
  assert.deepEqual(below, []);
});
