// Triage and single-line search agree: a line that query answers exactly
// is not "niet herkend" when it is pasted in a log, and counts for the
// same error. The exceptions are triage's own rules, which a lone query
// does not apply: a line of sure success or a total counts for nothing,
// and a message inside a customer's name names nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, engine, root } from "./helpers.mjs";

const SUITES = ["logs.txtar", "logs-holdout.txtar", "logs-field.txtar"];

test("agree: every line query answers exactly, triage counts for that error", async (t) => {
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  let lines = 0, exact = 0;
  const disagree = [];
  for (const suite of SUITES) {
    const src = readFileSync(join(root, "testdata/search", suite), "utf8");
    let inLog = false;
    for (const line of src.split("\n")) {
      const head = /^-- (.+) --$/.exec(line);
      if (head) {
        inLog = head[1].endsWith(".log");
        continue;
      }
      if (!inLog || !line.trim()) continue;
      lines++;
      const [top] = await search.query(line, 1);
      if (top?.match !== "exact") continue;
      exact++;
      const got = await search.triage(line);
      const named = got.errors.map((e) => e.id);
      // Counted for nothing (a success, a total, a name) is triage's
      // call; "niet herkend", or another error, is a disagreement.
      if (got.unmatched.length || (named.length && named[0] !== top.id)) {
        disagree.push(`${suite}: ${JSON.stringify(line)}: query ${top.id}, triage ${named[0] ?? "unmatched"}`);
      }
    }
  }
  console.log(`agree: ${lines} lines, ${exact} answered exactly by query, ${disagree.length} disagree`);
  assert.ok(exact > 300, `only ${exact} lines answered exactly`);
  assert.deepEqual(disagree, []);
});
