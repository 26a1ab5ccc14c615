// What a log line holds that is the customer's: the document, the name,
// and the mask for a support mail and a share link (engine/customer.js).
// The lines are shaped like the logs customers paste: sync screens, app
// logs, grids, CSV, forwarded mails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { documents, maskLine, nameOf } from "../../theme/static/engine/customer.js";

test("customer: the document and the name a line's context holds", () => {
  for (const [context, ref, name] of [
    ["✗ Factuur 2026-00101 (Smit Transport) — ", "2026-00101", "Smit Transport"],
    ["Factuur\t2024-0102\tVan Dijk Installatietechniek\t02-03-2024\tFout\t", "2024-0102", "Van Dijk Installatietechniek"],
    ["2024-0302;Verkoopfactuur;Kapsalon Knip & Kleur;04-03-2024;89,95;Fout;", "2024-0302", "Kapsalon Knip & Kleur"],
    ["ERROR Invoice 8300 (Dierenkliniek Het Anker): ", "8300", "Dierenkliniek Het Anker"],
    ["| 2026-0101   | Smit Transport     | Fout   | ", "2026-0101", "Smit Transport"],
    ["2024-03-18 08:00:02.010 ERROR [ExactClient] Invoice 2024-0211: ", "2024-0211", ""],
    ["2024-08-12 16:20:02 [ERROR] 2024-1401 Bookzo.Exact.", "2024-1401", ""],
    ["✗ Factuur 2026-00103 Hoveniersbedrijf Groen: ", "2026-00103", "Hoveniersbedrijf Groen"],
    ["10:02:11 Klant 'Jansen BV' ", undefined, "Jansen BV"],
    ["Sync 14:00:02 ", undefined, ""],
    ["Betaling 2026-B-0012: ", "2026-B-0012", ""],
    ["✗ Factuur F-2026-A12 (Smit): ", "F-2026-A12", "Smit"],
  ]) {
    assert.equal(documents(context)[0], ref, `documents(${JSON.stringify(context)})`);
    assert.equal(nameOf(context), name, `nameOf(${JSON.stringify(context)})`);
  }
});

test("customer: a support mail masks names, numbers and amounts, keeps hosts and codes", () => {
  for (const [line, want] of [
    ["✗ Factuur 2026-00101 (Smit Transport) — Ongeldige referentie: Klant", "✗ Factuur [nummer] ([naam]) — Ongeldige referentie: Klant"],
    ["✗ Factuur 2026-00103 Hoveniersbedrijf Groen: The remote server returned an error: (403) Forbidden.", "✗ Factuur [nummer] [naam]: The remote server returned an error: (403) Forbidden."],
    // Without the index, every host is an address; with it, see below.
    ["De externe naam kan niet worden omgezet: 'start.exactonline.be'. Betaling 2026-0044 € 1.250,00 jan@smit.nl NL91ABNA0417164300",
      "De externe naam kan niet worden omgezet: '[adres]'. Betaling [nummer] [bedrag] [e-mail] [iban]"],
    ["| 2026-0101   | Smit Transport     | Fout   | Reeds verwerkt     |", "| [nummer]   | [naam]     | Fout   | Reeds verwerkt     |"],
    ["2024-0302;Verkoopfactuur;Kapsalon Knip & Kleur;04-03-2024;89,95;Fout;In gebruik: Boekstuknummer.", "[nummer];Verkoopfactuur;[naam];[datum];[bedrag];Fout;In gebruik: Boekstuknummer."],
    ["[2024-04-02 13:45:11] ERROR Payment P-2024-0051 (Northwind Traders): System.NullReferenceException: Object reference not set", "[[datum]] ERROR Payment [nummer] ([naam]): System.NullReferenceException: Object reference not set"],
    ["✗ Factuur Overzicht Media BV: Dagboek 70 is geblokkeerd", "✗ Factuur [naam]: Dagboek [nummer] is geblokkeerd"],
    ["GET https://start.exactonline.nl/api/v1/1234567/salesentry/SalesEntries?$filter=x failed: (401)", "GET [adres] failed: (401)"],
    ["Relatie 5f1c0a2e-77b1-4e0c-9d1e-2b7a9e1c3f10 bestaat niet", "Relatie [guid] bestaat niet"],
  ]) {
    assert.equal(maskLine(line).text, want, line);
  }
  // A host whose organisation the index names is support's to see; the
  // customer's own is an address.
  const isKnown = (w) => ["exactonline", "klant"].includes(w.toLowerCase());
  assert.equal(maskLine("De externe naam kan niet worden omgezet: 'start.exactonline.be'.", { isKnown }).text, "De externe naam kan niet worden omgezet: 'start.exactonline.be'.");
  assert.equal(maskLine("GET https://start.exactonline.nl/api/v1/1234567/salesentry failed", { isKnown }).text, "GET https://start.exactonline.nl/[pad] failed");
  assert.equal(maskLine("Klant www.jansen-bouw.nl via api.jansen-bouw.nl", { isKnown }).text, "Klant [adres] via [adres]");
  // Names the engine found are masked wherever they stand.
  assert.equal(maskLine("Mulder ICT: geen toegang tot divisie", { names: ["Mulder ICT"] }).text, "[naam]: geen toegang tot divisie");
});

test("customer: sure only when every word left is the index's or the log's own", () => {
  const index = new Set(["the", "remote", "server", "returned", "an", "error", "forbidden", "factuur"]);
  const isKnown = (w) => index.has(w.toLowerCase());
  assert.equal(maskLine("✗ Factuur 12345: The remote server returned an error: (403) Forbidden.", { isKnown }).sure, true);
  assert.equal(maskLine("✗ Factuur 12345 Jansen: The remote server returned an error: (403) Forbidden.", { isKnown }).text, "✗ Factuur [nummer] [naam]: The remote server returned an error: (403) Forbidden.");
  assert.equal(maskLine("✗ Factuur 12345 voor jansen: The remote server returned an error", { isKnown }).sure, false);
});

// From a hostile review: names made of words the index has, names after
// "klant", a lowercase name, and the example line of an error keep no
// customer's value, and a share link carries none of them.
test("customer: names of index words, after klant, in any case, stay out of links and mails", async (t) => {
  const { build, engine } = await import("./helpers.mjs");
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  const log = [
    "Factuur 2026-0042 Mertens: Reeds verwerkt",
    "Fout: factuur van De Letter niet gevonden",
    "Fout: klant Nieuwe Start niet gevonden",
    "Fout bij synchroniseren van klant de letter",
    "Klant: Pieters Bouw - Forbidden (403)",
    "Factuur 2026-4 GOED ONLINE: Reeds verwerkt",
    "Fout: factuur van Goed Online niet gevonden",
    "09:12:05 Fout: De externe naam kan niet worden omgezet: 'start.exactonline.be'.",
  ].join("\n");
  const r = await search.triage(log);
  const names = ["Mertens", "De Letter", "de letter", "Nieuwe Start", "Pieters", "Goed Online", "GOED ONLINE"];
  for (const g of r.unknown) {
    for (const n of names) assert.ok(!g.text.includes(n), `unknown group ${JSON.stringify(g.text)} holds ${n}`);
  }
  const dns = r.errors.find((e) => e.id === "externe-naam-niet-omgezet");
  assert.match(dns.example, /start\.exactonline\.be/, "the example keeps Exact's host");
  for (const e of r.errors) for (const n of names) assert.ok(!e.example.includes(n), `example ${JSON.stringify(e.example)} holds ${n}`);
  // The mail's mask: the name goes, the message stays.
  assert.equal((await search.mask("Fout: factuur van De Letter niet gevonden")).text, "Fout: factuur van [naam] niet gevonden");
});
