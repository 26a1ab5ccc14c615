// No pattern of the engine may backtrack without bound: a pasted table row
// once froze the tab (the column-header pattern took 11 s at ten cells).
// Every regular expression the engine's modules export (PATTERNS) gets
// adversarial strings of up to 1,000 characters, the length of a log line
// the engine reads; whole pasted lines of the same kind go through triage
// on the real site and on a family catalogue; and triage's time budget is tested with a clock of
// the test's own.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, engine, root } from "./helpers.mjs";

const site = build();
after(site.remove);
const modules = {};
for (const name of ["tokens", "lines", "hits", "index", "triage", "customer", "shapes"]) {
  modules[name] = await import(pathToFileURL(join(site.out, "assets", "engine", name + ".js")).href);
}

// A bound far above the cost (a few milliseconds at most, on a loaded
// machine) and far below what backtracking costs (seconds to hours).
const MAX_MS = 50;

/** adversarial returns strings of n characters built from what re is made of. */
function adversarial(re, n) {
  const src = re.source;
  const punct = [...new Set(src.replace(/\\[pPu]\{[^}]*\}|\\[dswbDSWBtnr]|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/gi, "").match(/[^\w\s\\]/g) ?? [])];
  const words = [...new Set(src.match(/\p{L}{2,}/gu) ?? [])].slice(0, 60);
  const atoms = [" ", "\t", "a", "Z", "é", "1", ".", "'", '"', "-", "  ", "a ", "1 ", "a.", "1.", "a-", "1:", "a1", "'a' "];
  for (const p of [...punct, "\t", ";", ",", "|"]) {
    atoms.push(p, "a" + p, "1" + p, " " + p + " ");
    for (const pad of [" ", "     ", "\t"]) atoms.push("a" + pad + p, "Kolom" + pad + p, "'a'" + pad + p, pad + p + pad + "a");
  }
  for (const w of words) atoms.push(w + " ", w + ":", " " + w, w + "1", w.slice(0, -1));
  const out = [];
  for (const a of atoms) {
    const body = a.repeat(Math.ceil(n / a.length));
    // Tails that make a match fail at the very end, after the pattern has
    // taken all it can.
    for (const tail of ["", "x", "!", "\u0001", " 1"]) out.push(body.slice(0, n - tail.length) + tail);
    for (const b of ["a", "1", " ", ","]) out.push((a + b).repeat(Math.ceil(n / (a.length + 1))).slice(0, n));
  }
  return out;
}

// run applies re to s as the engine does: test, or replace for a global one.
function run(re, s) {
  re.lastIndex = 0;
  return re.global ? s.replace(re, "") : re.test(s);
}

// fastest is the least time of three runs of f, in milliseconds: a pause
// of the shared machine makes one run slow, not three.
function fastest(f) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
    if (best < 1) break;
  }
  return best;
}

test("every exported pattern is fast on adversarial input of up to 1,000 characters", () => {
  let checked = 0;
  for (const [mod, { PATTERNS }] of Object.entries(modules)) {
    assert.ok(Array.isArray(PATTERNS) && PATTERNS.length > 0, `${mod}.js exports no PATTERNS`);
    for (const [name, re] of PATTERNS) {
      assert.ok(re instanceof RegExp, `${mod}.js ${name} is not a pattern`);
      for (const n of [100, 1000]) {
        for (const s of adversarial(re, n)) {
          const ms = fastest(() => run(re, s));
          assert.ok(ms < MAX_MS, `${mod}.js ${name} took ${ms.toFixed(1)} ms on ${JSON.stringify(s.slice(0, 60))}… (${s.length} characters)`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 5000, `only ${checked} strings`);
  console.log(`patterns: ${checked} adversarial strings`);
});

test("the line classes are fast on table rows and padded separators", () => {
  const { columns, noise, countsForNothing } = modules.lines;
  const cases = [
    ...[8, 10, 12, 40, 90].map((n) => "Kolom     |".repeat(n) + " 1"),
    "a  ,".repeat(18), "a  ,".repeat(250), "'a'   ;".repeat(140), "\t \t".repeat(300) + "a", " |".repeat(500), "Naam ".repeat(200) + ";",
  ];
  for (const s of cases) {
    for (const [name, f] of [["columns", columns], ["noise", noise], ["countsForNothing", countsForNothing]]) {
      const ms = fastest(() => f(s));
      assert.ok(ms < MAX_MS, `${name} took ${ms.toFixed(1)} ms on ${JSON.stringify(s.slice(0, 40))}… (${s.length} characters)`);
    }
  }
});

// The pattern columns replaced, kept here as the definition of what a
// header of columns is; on short lines it is fast enough to compare.
const COLUMNS = /^\s*[|]?\s*["']?\p{L}[\p{L} .-]{0,24}["']?(?:\s*[\t;|,]\s*["']?\p{L}[\p{L} .-]{0,24}["']?){2,}\s*[|]?\s*$/u;

test("columns means what the pattern it replaced meant", () => {
  const { columns } = modules.lines;
  for (const s of ["Factuur;Klant;Bedrag;Status", "| Kolom | Kolom | Kolom |", "\tNaam\t;\tBedrag\t;\tDatum", "a\t\tb\t\tc",
    "'Naam', 'Adres', 'Plaats'", "Datum\tTijd\tMelding"]) assert.equal(columns(s), true, JSON.stringify(s));
  for (const s of ["a;\t;b;c", "Naam, Adres", "Datum | Tijd | Melding | 1", "a;b;c;", "|;a;b;c", "a|b|c||", "a\u00a0b;c;d", "x".repeat(26) + ";b;c"]) {
    assert.equal(columns(s), false, JSON.stringify(s));
  }
  const pieces = ["a", "B", "é", " ", "  ", "\t", ";", "|", ",", "'", '"', ".", "-", "1", "\u00a0", "x".repeat(24), "y".repeat(25), "Kolom", "Reeds verwerkt"];
  let seed = 1, positives = 0;
  const rnd = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);
  for (let k = 0; k < 30_000; k++) {
    let s = "";
    for (let i = 1 + rnd(10); i > 0; i--) s += pieces[rnd(pieces.length)];
    const want = COLUMNS.test(s);
    if (want) positives++;
    assert.equal(columns(s), want, `columns(${JSON.stringify(s)})`);
  }
  assert.ok(positives > 50, `only ${positives} headers among the random lines`);
  console.log(`columns: 30000 random lines, ${positives} headers, all as the old pattern says`);
});

// The catalogues the suites run on: the real site, and a family-shaped
// one (the look-alike benchmark's shape: families of look-alike messages
// with placeholders, both languages) of 1,000 errors added to it.
function familySite() {
  const work = mkdtempSync(join(tmpdir(), "patterns-family-"));
  const src = join(work, "site");
  cpSync(root, src, { recursive: true, filter: (p) => !/[/\\](?:\.git|node_modules|public|testout)$/.test(p) });
  execFileSync("go", ["run", "./cmd/corpus", "-shape", "family", "-n", "1000", "-add", "-out", src], { cwd: root, stdio: "ignore" });
  const out = build(src);
  return { out: out.out, remove: () => { out.remove(); rmSync(work, { recursive: true, force: true }); } };
}

for (const [name, make] of [["the real site", () => site], ["a family catalogue of 1,000 more", familySite]]) {
  test(`triage stays fast on random lines of separators, padding and short words: ${name}`, async (t) => {
    const cat = make();
    if (cat !== site) t.after(cat.remove);
    await randomLines(cat.out);
  });
}

async function randomLines(out) {
  const { search } = await engine(out);
  const seps = ["|", ";", ",", "\t", ":", ".", "-", "/", "'", '"', "(", ")", "[", "]", "×", "✗", "✓"];
  const pads = [" ", "  ", "     ", "\t", ""];
  const words = ["a", "Kolom", "Totaal", "fout", "error", "1", "12", "2026-01-02", "van", "of", "BV", "at", "bij", "Reeds", "verwerkt", "nl", "x.nl", "é"];
  let seed = 11;
  const rnd = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) % n);
  const line = () => {
    const unit = [words[rnd(words.length)], pads[rnd(pads.length)], seps[rnd(seps.length)], pads[rnd(pads.length)]];
    if (rnd(2)) unit.push(words[rnd(words.length)]);
    const u = unit.join("");
    return u.repeat(1 + rnd(Math.ceil(1000 / u.length))).slice(0, 1000) + ["", " 1", "x", "\u0001"][rnd(4)];
  };
  await search.triage("warm up");
  let total = 0;
  for (let k = 0; k < 60; k++) {
    const log = Array.from({ length: 1 + rnd(5) }, line).join("\n");
    const t0 = performance.now();
    const r = await search.triage(log);
    const ms = performance.now() - t0;
    total += ms;
    assert.ok(ms < 2000, `triage took ${ms.toFixed(0)} ms on ${JSON.stringify(log.slice(0, 80))}…`);
    assert.equal(r.timedOut, undefined, `triage ran out of time on ${JSON.stringify(log.slice(0, 80))}…`);
  }
  assert.ok(total < 20_000, `60 logs took ${total.toFixed(0)} ms`);
  console.log(`triage: 60 random logs of separators and padding in ${total.toFixed(0)} ms`);
}

test("triage reports the lines it had no time for as unmatched", async () => {
  const read = (p) => JSON.parse(readFileSync(join(site.out, p), "utf8"));
  const log = [
    "✗ Factuur F2026-0042: Ongeldige referentie: Btw-code",
    "",
    "✗ Factuur F2026-0043: (429) Too Many Requests",
    "   at Bookzo.Sync.Exact.SalesEntryService.Push(Invoice i)",
    "✓ Factuur F2026-0044 gesynchroniseerd",
  ].join("\n");
  const { mod, search } = await engine(site.out);
  const plain = await search.triage(log);
  assert.deepEqual(plain.errors.map((e) => e.id), ["ongeldige-referentie-btw-code", "http-429-too-many-requests"]);
  assert.equal(plain.timedOut, undefined);

  // A clock that has run out as soon as triage starts: no line is judged,
  // every line with text is unmatched (blank ones are not), and it says so.
  let started = false;
  const spent = mod.createSearch(async (p) => read(p), { now: () => (started ? 1e12 : ((started = true), 0)) });
  await spent.describe([]); // meta.json is read before the clock starts
  started = false;
  const { errors, unmatched, timedOut } = await spent.triage(log);
  assert.deepEqual({ errors, unmatched, timedOut }, { errors: [], unmatched: [1, 3, 4, 5], timedOut: true });

  // Waiting for the index's files is no work: a network that takes a
  // minute per file spends none of the budget.
  let t = 0;
  const slow = mod.createSearch(async (p) => {
    await null; // the time passes while the engine waits, as on a network
    t += 60_000;
    return read(p);
  }, { now: () => t });
  assert.deepEqual(await slow.triage(log), plain);
});
