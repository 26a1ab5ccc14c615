// Unit tests of the engine (theme/static/search.js and engine/): the
// tokenizer against the vectors shared with Go, the index version check,
// ranking rules and value masking. The engine is imported from a built site:
// its fold table (assets/engine/fold.js) is generated from Go.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, engine, partsOf, readJSON, root } from "./helpers.mjs";

const small = build(join(root, "testdata/search/site"));
after(small.remove);
const { align, createSearch, INDEX_VERSION, LIMITS, maskSpans, maskValues, near, termHash, tokenize, tokenSpans } = (await engine(small.out)).mod;

test("tokenize agrees with the shared vectors", () => {
  const vectors = readJSON("testdata/search/tokenize.json");
  assert.ok(vectors.length >= 30, `only ${vectors.length} vectors`);
  for (const [i, v] of vectors.entries()) {
    // Strict: exactly these keys, of these types.
    assert.deepEqual(Object.keys(v).sort(), ["in", "note", "want"], `vector ${i}: keys`);
    assert.equal(typeof v.in, "string", `vector ${i}: in`);
    assert.ok(Array.isArray(v.want) && v.want.every((w) => typeof w === "string"), `vector ${i}: want`);
    assert.deepEqual(tokenize(v.in), v.want, `tokenize(${JSON.stringify(v.in)}) (${v.note})`);
  }
});

test("tokenSpans point at the original text", () => {
  const text = "Café\u00a0Ëlise: boek\u200bstuk";
  const spans = tokenSpans(text);
  assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ["Café", "Ëlise", "boek\u200bstuk"]);
  assert.deepEqual(spans.map((s) => s.t), ["cafe", "elise", "boekstuk"]);
});

test("maskValues hides customer values", () => {
  const tests = [
    ["Factuur 2024-00123: Ongeldige referentie: Klant 'Jansen Bouw B.V.'", "Factuur [nummer]: Ongeldige referentie: Klant '[naam]'"],
    ["Relatie {b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d}: Unrecognized Guid format.", "Relatie [guid]: Unrecognized Guid format."],
    ["Login jan.de.vries@bouw.nl mislukt", "Login [e-mail] mislukt"],
    ["The remote server returned an error: (503) Server Unavailable", "The remote server returned an error: (503) Server Unavailable"],
    ["geen periode voor deze datum: 31-12-2027 0:00:00", "geen periode voor deze datum: [datum]"],
    ["Betaling van € 1.234,56 op NL91ABNA0417164300 om 14:05", "Betaling van [bedrag] op [iban] om [datum]"],
    ["Factuur F2026-0042 (https://start.exactonline.nl/docs/x?id=7)", "Factuur [nummer] ([adres])"],
    ["Klant www.jansen-bouw.nl via api.jansen-bouw.nl en mail.vandijk.local", "Klant [adres] via [adres] en [adres]"],
    ["Incasso van nl91abna0417164300 mislukt", "Incasso van [iban] mislukt"],
  ];
  for (const [in_, want] of tests) assert.equal(maskValues(in_), want, `maskValues(${JSON.stringify(in_)})`);
});

test("the engine refuses an index version it cannot read", async () => {
  const s = createSearch(async () => ({ version: 1 }));
  await assert.rejects(s.query("x"), /search index search\/meta\.json: version 1 is not supported \(this engine reads version 4\)/);
  const none = createSearch(async () => ({}));
  await assert.rejects(none.query("x"), /version undefined is not supported/);
});

test("ranking: placeholders, retired errors, categories, limits", async () => {
  const { search, reads } = await engine(small.out);

  // A retired error ranks below a current one that matches as well.
  let got = await search.query("Koppeling verlopen: ongeldig");
  assert.deepEqual(got.map((r) => r.id).slice(0, 2), ["sleutel-verlopen", "token-verlopen"]);
  assert.equal(got[1].status, "retired");
  // ...but still comes first when it is the one the line names.
  got = await search.query("Koppeling verlopen: token ongeldig");
  assert.equal(got[0].id, "token-verlopen");

  // Placeholders absorb the customer's values.
  got = await search.query("Factuur 2026-0042 verlopen: vervaldatum 01-02-2026 ligt voor de boekdatum");
  assert.equal(got[0].id, "factuur-verlopen");
  assert.equal(got[0].message, "Factuur {nummer} verlopen: vervaldatum {datum} ligt voor de boekdatum");
  assert.deepEqual(Object.keys(got[0]).slice(0, 3), ["id", "title", "score"]);
  assert.ok(got[0].terms.includes("vervaldatum"));

  // The category filter.
  got = await search.query("verlopen", 10, { category: "facturen" });
  assert.deepEqual(got.map((r) => r.id), ["factuur-verlopen"]);
  assert.deepEqual(await search.query("verlopen", 10, { category: "bestaat-niet" }), []);

  // Limits, empty and unknown queries.
  assert.equal((await search.query("verlopen", 1)).length, 1);
  assert.deepEqual(await search.query(""), []);
  assert.deepEqual(await search.query("   !!  "), []);
  assert.deepEqual(await search.query("qqqqqqqq"), []);
  // Scores are best first.
  got = await search.query("verlopen ongeldig");
  for (let i = 1; i < got.length; i++) assert.ok(got[i - 1].score >= got[i].score);
  // Only the index's own files were read, each once.
  assert.equal(reads[0], "search/meta.json");
  assert.equal(new Set(reads).size, reads.length);
  assert.ok(reads.every((p) => p.startsWith("search/")));
});

const COMMON = new Set(tokenize(`de het een van voor deze is niet op in bij fout ongeldige referentie heeft
  externe server geretourneerd the a an of to error remote returned object not set while or`));

test("align and near find a message in a line as the vectors say", () => {
  const vectors = readJSON("testdata/search/match.json");
  assert.ok(vectors.length >= 30, `only ${vectors.length} vectors`);
  for (const [i, v] of vectors.entries()) {
    assert.deepEqual(Object.keys(v).sort(), ["line", "message", "note", "want"], `vector ${i}: keys`);
    const parts = partsOf(v.message, tokenize);
    const flat = parts.filter((p) => p !== 0).flat();
    // The index's telling words are those few errors have; here, all but
    // the words that many messages share.
    const telling = flat.flatMap((t, j) => (COMMON.has(t) ? [] : [j]));
    const toks = tokenize(v.line);
    const got = align(parts, toks) ? "exact" : near(parts, toks, telling) ? "near" : "none";
    assert.equal(got, v.want, `${JSON.stringify(v.message)} in ${JSON.stringify(v.line)} (${v.note})`);
  }
});

test("align reports what the placeholders captured", () => {
  const parts = partsOf("Factuur {nummer} verlopen: vervaldatum {datum} ligt voor de boekdatum", tokenize);
  const line = "ERROR Factuur F-2026-0042 verlopen: vervaldatum 01-02-2026 ligt voor de boekdatum";
  const spans = tokenSpans(line);
  const a = align(parts, spans.map((s) => s.t));
  const values = a.values.map(([s, e]) => line.slice(spans[s].start, spans[e - 1].end));
  assert.deepEqual(values, ["F-2026-0042", "01-02-2026"]);
  assert.equal(maskSpans(line, a.values.map(([s, e]) => [spans[s].start, spans[e - 1].end])),
    "ERROR Factuur […] verlopen: vervaldatum […] ligt voor de boekdatum");
});

test("a huge query is bounded", async () => {
  let reads = 0;
  const s = createSearch(async (p) => {
    reads++;
    if (p === "search/meta.json") return { version: INDEX_VERSION, docs: 1, categories: ["c"], retired: [], words: ["aaaa"], docShardSize: 32, stamp: "x", termKeys: ["a"] };
    return { version: INDEX_VERSION, terms: { aaaa: [1000, 0, [0, 0, 1000], [], [0, 0]] } };
  });
  for (const q of ["a".repeat(100_000), "ab".repeat(50_000), "a ".repeat(50_000)]) {
    const t0 = performance.now();
    await s.query(q);
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `query of ${q.length} characters took ${ms.toFixed(0)} ms`);
  }
  assert.ok(LIMITS.queryChars <= 2000 && LIMITS.wordChars <= 40);
  assert.ok(reads < 10);
});

test("termHash agrees with the Go index (testdata/search/hash.json)", () => {
  const vectors = readJSON("testdata/search/hash.json");
  assert.ok(vectors.length >= 10);
  for (const v of vectors) assert.equal(termHash(v.term), v.hash, `termHash(${JSON.stringify(v.term)})`);
});

test("match, weak and triage on the real site", async (t) => {
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);

  // A customer's name with another error's words: the line's own message
  // is exact and first; the name's words count for nothing.
  let got = await search.query("Factuur F2026-0043 (Server Groep B.V.): Ongeldige referentie: Btw-code", 5);
  assert.equal(got[0].id, "ongeldige-referentie-btw-code");
  assert.equal(got[0].match, "exact");
  assert.ok(got.slice(1).every((r) => r.match === "partial"), JSON.stringify(got.map((r) => [r.id, r.match])));
  // A wrapper and the bare message it holds: the wrapper, with more fixed text.
  got = await search.query("Fout bij exporteren van betaling: De objectverwijzing is niet op een exemplaar ingesteld.", 3);
  assert.deepEqual(got.slice(0, 2).map((r) => [r.id, r.match]), [["betaling-export-objectverwijzing", "exact"], ["object-reference-not-set", "exact"]]);
  // A status alone is a partial match, and telling.
  got = await search.query("(429)", 3);
  assert.equal(got[0].id, "http-429-too-many-requests");
  assert.equal(got[0].match, "partial");
  assert.equal(got[0].weak, false);
  // Errors the site does not have: nothing exact; what is shown rests on
  // common words.
  for (const q of ["Kan PDF-bijlage niet uploaden: bestand is te groot", "(403) Forbidden", "De externe server heeft een fout geretourneerd: (403) Verboden."]) {
    got = await search.query(q, 5);
    assert.ok(got.every((r) => r.match === "partial"), `${q}: ${JSON.stringify(got.map((r) => [r.id, r.match]))}`);
  }
  got = await search.query("Kan PDF-bijlage niet uploaden: bestand is te groot", 5);
  assert.ok(got.every((r) => r.weak), JSON.stringify(got.map((r) => [r.id, r.weak])));
  // What the placeholders took, to mask in a support mail.
  const line = "ERROR Periode datum - tabel bevat geen periode voor deze datum: 31-12-2027 0:00:00";
  got = await search.query(line, 1);
  assert.deepEqual(got[0].values.map(([s, e]) => line.slice(s, e)), ["31-12-2027 0:00:00"]);

  // Triage: the errors, counted, in the order to fix them.
  const log = [
    "09:00:01 ✓ Factuur F2026-0041 gesynchroniseerd",
    "09:00:02 ✗ Factuur F2026-0042: Ongeldige referentie: Btw-code",
    "09:00:03 ✗ Factuur F2026-0043: (429) Too Many Requests",
    "",
    "09:00:04 ✗ Factuur F2026-0044: Ongeldige referentie: Btw-code",
    "   at Bookzo.Sync.Exact.SalesEntryService.Push(Invoice i)",
    "09:00:05 ✗ Factuur F2026-0045: The remote server returned an error: (401) Unauthorized.",
    "09:00:06 ✗ Factuur F2026-0046: Timeout na 30 seconden",
    "Totaal: 6 facturen, 5 fouten",
  ].join("\n");
  const tri = await search.triage(log);
  assert.deepEqual(tri.errors.map((e) => [e.id, e.count, e.lines, e.match]), [
    ["http-401-niet-gemachtigd", 1, [7], "exact"],
    ["ongeldige-referentie-btw-code", 2, [2, 5], "exact"],
    ["http-429-too-many-requests", 1, [3], "exact"],
  ]);
  assert.deepEqual(tri.unmatched, [8]);
  assert.equal(tri.errors[0].fix, "first");
  assert.ok(tri.errors[1].numbers.includes("F2026-0042") && tri.errors[1].numbers.includes("F2026-0044"));
  assert.ok(tri.errors[0].summary.length > 20);
  // A log without errors, and an empty one.
  assert.deepEqual(await search.triage("09:00 Factuur 1 gesynchroniseerd\n09:01 Factuur 2 gesynchroniseerd"), { errors: [], unknown: [], unmatched: [] });
  assert.deepEqual(await search.triage(""), { errors: [], unknown: [], unmatched: [] });
  // The support link's view, from ids alone; unknown ids are left out.
  const docs = await search.describe(["http-429-too-many-requests", "bestaat-niet", "betaling-matchen-mislukt"]);
  assert.deepEqual(docs.map((d) => [d.id, d.severity, d.fix]), [["http-429-too-many-requests", "error", "last"], ["betaling-matchen-mislukt", "warning", ""]]);
});

// What an adversarial review of triage found, each a case that must hold.
test("triage: names, success lines, frames and totals as customers paste them", async (t) => {
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  const counts = (r) => Object.fromEntries(r.errors.map((e) => [e.id, e.count]));

  // A customer's name in parentheses or quotes that holds another error's
  // message counts for nothing; the line's own message names it.
  let r = await search.triage([
    "✗ Factuur 1002 (Server Unavailable BV): Reeds verwerkt",
    "✗ Factuur 1003 (Server Unavailable BV): Already processed",
    "✗ Factuur 1004 (Server Unavailable BV): In use: Entry number.",
    "✗ Factuur 1005 'Reeds Verwerkt Holding': Invalid G/L account type",
  ].join("\n"));
  assert.deepEqual(counts(r), { "reeds-verwerkt": 2, "boekstuknummer-in-gebruik": 1, "ongeldig-grootboekrekeningtype": 1 });
  let got = await search.query("✗ Factuur 1002 (Server Unavailable BV): Reeds verwerkt", 3);
  assert.deepEqual(got.map((x) => [x.id, x.match]).slice(0, 2), [["reeds-verwerkt", "exact"], ["server-unavailable", "partial"]]);

  // Success lines and totals count for nothing, even when they name a
  // message; a success word a message has ("Reeds verwerkt") is no success.
  r = await search.triage([
    "✓ Factuur 1003 Server niet beschikbaar Holding gesynchroniseerd",
    "✓ Klant 'Reeds Verwerkt BV' gesynchroniseerd",
    "Totaal: 2 × Reeds verwerkt, 0 × Server Unavailable",
    "Factuur 1006: Reeds verwerkt",
  ].join("\n"));
  assert.deepEqual(counts(r), { "reeds-verwerkt": 1 });

  // An inner exception (" ---> ") is a message, not a frame; "at host:" is
  // no frame; a line that only names a frame is.
  r = await search.triage([
    "Bookzo.Sync.SyncException: Synchronisatie van administratie 123456 mislukt",
    " ---> System.Net.WebException: The remote server returned an error: (401) Unauthorized.",
    "   at System.Net.HttpWebRequest.GetResponse()",
    "at start.exactonline.nl: The remote server returned an error: (503) Server Unavailable.",
  ].join("\n"));
  assert.deepEqual(counts(r), { "http-401-niet-gemachtigd": 1, "http-503-server-unavailable": 1 });
  assert.deepEqual(r.unmatched, [1]);

  // Lines of errors the site lacks are unmatched, whatever names they hold
  // (a customer called "Totaal …", a field called "Summary").
  r = await search.triage([
    "✗ Factuur 20260042 mislukt: verkoopdagboek is geblokkeerd",
    "✗ Export of invoice 20260043 failed: journal is blocked",
    "✗ Factuur Overzicht Media BV: Dagboek 70 is geblokkeerd",
    "✗ Totaal Installatietechniek BV: Kostenplaats ontbreekt",
    "Error: Summary field is required",
    "Sync 2025-10-20 14:00 - overzicht fouten",
  ].join("\n"));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.unmatched, [1, 2, 3, 4, 5]);
  assert.deepEqual(r.unknown.map((u) => [u.text, u.count]), [
    ["✗ Factuur [nummer] mislukt: verkoopdagboek is geblokkeerd", 1],
    ["✗ Export of invoice [nummer] failed: journal is blocked", 1],
    ["✗ Factuur [naam]: Dagboek [nummer] is geblokkeerd", 1],
    ["✗ [naam]: Kostenplaats ontbreekt", 1],
    ["Error: Summary field is required", 1],
  ]);

  // Lines that differ in a word get their own verdicts, in either order.
  for (const lines of [["✗ Invalid reference: Payment conditon", "✗ Invalid reference: Payment method"], ["✗ Invalid reference: Payment method", "✗ Invalid reference: Payment conditon"]]) {
    r = await search.triage(lines.join("\n"));
    assert.deepEqual(counts(r), { "ongeldige-referentie-betalingsconditie": 1 }, lines.join(" / "));
    assert.equal(r.unmatched.length, 1);
  }

  // A long pasted line: its message comes last.
  got = await search.query("2026-03-12 09:14:02.123 +01:00 [ERROR] [Bookzo.Sync.Exact.Export] [Thread 12] [Administratie 123456 - Van Dijk Ontvangst Services B.V.] Export van verkoopfactuur F2026-0042 (klant 10023, bedrag 1.234,56, vervaldatum 2026-04-11) naar Exact Online mislukt na 3 pogingen met status 401 omdat: The remote server returned an error: (401) Unauthorized.", 3);
  assert.deepEqual([got[0].id, got[0].match], ["http-401-niet-gemachtigd", "exact"]);

  // A log longer than what is read says so.
  r = await search.triage(Array.from({ length: LIMITS.logLines + 10 }, (_, i) => `✓ Factuur ${i} gesynchroniseerd`).join("\n") + "\n✗ (401) Unauthorized");
  assert.equal(r.truncated, LIMITS.logLines);
  // And so does one whose words run out first: the lines read before.
  const wide = "✗ " + Array.from({ length: LIMITS.lineTokens }, (_, i) => `woord${i % 7}`).join(" ");
  r = await search.triage(Array.from({ length: 2000 }, () => wide).join("\n"));
  assert.equal(r.truncated, Math.floor(LIMITS.logTokens / LIMITS.lineTokens));

  // A message of three words or more whose words the best result lacks.
  got = await search.query("(400) Bad Request", 3);
  assert.ok(got.every((x) => x.match === "partial") && got[0].covered < 1, JSON.stringify(got.map((x) => [x.id, x.covered])));
});

test("a huge log is bounded", async () => {
  const { search } = await engine(small.out);
  const lines = [];
  for (let i = 0; i < 20_000; i++) lines.push(`${i} ${"woord".repeat(i % 50)} Koppeling verlopen: sleutel ongeldig ${"x".repeat(3000)}`);
  const t0 = performance.now();
  const tri = await search.triage(lines.join("\n"));
  const ms = performance.now() - t0;
  // Not a speed test (bench/search measures speed; this machine is shared):
  // a bound far above the cost, that a cost growing faster than the input
  // would still break (one 100 KB word once froze a tab for 85 s).
  assert.ok(ms < 60_000, `${ms.toFixed(0)} ms`);
  // Only the first LIMITS.logLines lines are read.
  assert.equal(tri.errors[0].count, LIMITS.logLines);
});

test("a word the index lacks reads no shard", async () => {
  // meta.json lists every word (a term that does not begin with a digit),
  // so a query or a log of words no error has reads meta.json alone.
  for (const [what, run] of [
    ["query", (s) => s.query("xylofoonkwast zwembadtegel ")],
    ["query while typing", (s) => s.query("xylofoonkwast zwembadteg")],
    ["triage", (s) => s.triage("xylofoonkwast zwembadtegel\nqwertyuiop asdfghjkl")],
  ]) {
    const { search, reads } = await engine(small.out);
    await run(search);
    assert.deepEqual(reads, ["search/meta.json"], `${what} read ${reads.join(", ")}`);
  }
  // A word the index has reads its term shard.
  const { search, reads } = await engine(small.out);
  const [first] = await search.query("xylofoonkwast verlopen ");
  assert.ok(first, "no result for a known word");
  assert.ok(reads.some((p) => p.startsWith("search/t/")), `reads ${reads.join(", ")}`);
});
