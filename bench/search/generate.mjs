// A deterministic generator of look-alike errors for the search benchmark.
//
// generate(n) returns n errors that look like the real ones (the same
// message shapes, shared words such as "Ongeldige referentie", HTTP codes,
// segments, host names) but never claim a real error's message, and never
// carry the words that the real queries of kind "word" and "status" ask for,
// so that every real query keeps exactly one right answer. writeSite copies
// the real site and adds the generated errors as content files.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// A small seeded PRNG (mulberry32): same seed, same errors.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Objects as [Dutch, English]. None is a real error's object.
const OBJECTS = [
  ["Kostenplaats", "Cost center"], ["Kostendrager", "Cost unit"], ["Dagboek", "Journal"], ["Valuta", "Currency"],
  ["Artikel", "Item"], ["Magazijn", "Warehouse"], ["Project", "Project"], ["Medewerker", "Employee"],
  ["Relatiegroep", "Account group"], ["Bankrekening", "Bank account"], ["Btw-tarief", "VAT rate"],
  ["Betaalwijze", "Payment method"], ["Verkoopdagboek", "Sales journal"], ["Inkoopdagboek", "Purchase journal"],
  ["Grootboekrekeningnummer", "Ledger account number"], ["Betalingsvoorwaarde", "Payment term"],
  ["Prijslijst", "Price list"], ["Eenheid", "Unit"], ["Land", "Country"], ["Taal", "Language"],
  ["Afdeling", "Department"], ["Vestiging", "Division"], ["Contactpersoon", "Contact person"],
  ["Verkoper", "Salesperson"], ["Inkooporder", "Purchase order"], ["Verkooporder", "Sales order"],
  ["Creditnota", "Credit note"], ["Offerte", "Quotation"], ["Abonnement", "Subscription"],
  ["Vaste activa", "Fixed asset"], ["Budget", "Budget"], ["Boekingsregel", "Entry line"],
  ["Btw-aangifte", "VAT return"], ["Incassomachtiging", "Direct debit mandate"], ["Kortingsregel", "Discount line"],
  ["Artikelgroep", "Item group"], ["Serienummer", "Serial number"], ["Batchnummer", "Batch number"],
  ["Leveringsvoorwaarde", "Delivery term"], ["Verzendmethode", "Shipping method"],
];
const MODULES = [
  ["Financieel", "Financial"], ["Logistiek", "Logistics"], ["Orders", "Orders"], ["Projecten", "Projects"],
  ["CRM", "CRM"], ["HRM", "HRM"], ["Inkoop", "Purchasing"], ["Voorraad", "Inventory"], ["Productie", "Manufacturing"],
  ["Abonnementen", "Subscriptions"], ["Documenten", "Documents"], ["Rapportage", "Reporting"],
];
// HTTP statuses other than the real errors' 401, 429, 500 and 503.
const STATUSES = [
  [400, "Ongeldige aanvraag", "Bad Request"], [403, "Verboden", "Forbidden"], [404, "Niet gevonden", "Not Found"],
  [405, "Methode niet toegestaan", "Method Not Allowed"], [408, "Time-out van aanvraag", "Request Timeout"],
  [409, "Conflict", "Conflict"], [410, "Verdwenen", "Gone"], [412, "Voorwaarde mislukt", "Precondition Failed"],
  [413, "Aanvraag te groot", "Payload Too Large"], [415, "Mediatype niet ondersteund", "Unsupported Media Type"],
  [502, "Ongeldige gateway", "Bad Gateway"], [504, "Time-out van gateway", "Gateway Timeout"],
  [507, "Onvoldoende opslag", "Insufficient Storage"],
];
const SEGMENTS = ["PurchaseEntries", "SalesInvoices", "GLAccounts", "Journals", "Items", "Accounts", "Contacts",
  "BankEntries", "CashEntries", "GeneralJournalEntries", "SalesOrders", "PurchaseOrders", "Projects", "Documents"];
const HOSTS = ["api.exactonline.nl", "login.exactonline.nl", "oauth.exactonline.nl", "start.exactonline.be",
  "start.exactonline.de", "files.exactonline.nl", "rest.exactonline.co.uk", "mobile.exactonline.nl"];
const IDS = ["Invoice", "Journal", "Item", "Account", "Order", "Document", "Project", "Payment"];
const VERBS = [
  ["exporteren", "exporting"], ["importeren", "importing"], ["bijwerken", "updating"], ["verwijderen", "deleting"],
  ["ophalen", "retrieving"], ["koppelen", "linking"],
];
const CATEGORIES = ["verbinding", "instellingen-exact", "instellingen-bookzo", "klanten", "facturen", "betalingen", "technisch"];

// Message shapes, each a function of the picked parts returning [Dutch, English].
const SHAPES = [
  (o, m) => [`Ongeldige referentie: ${o[0]} (${m[0]})`, `Invalid reference: ${o[1]} (${m[1]})`],
  (o, m) => [`InvalidResponseException (500): Ongeldige referentie: ${o[0]} in ${m[0]}`, `InvalidResponseException (500): Invalid reference: ${o[1]} in ${m[1]}`],
  (o, m, s) => [`De externe server heeft een fout geretourneerd: (${s[0]}) ${s[1]} bij ${o[0]}.`, `The remote server returned an error: (${s[0]}) ${s[2]} for ${o[1]}.`],
  (o, m, s, v) => [`Fout bij ${v[0]} van ${o[0].toLowerCase()}: De objectverwijzing is niet ingesteld in ${m[0]}.`, `Error ${v[1]} ${o[1].toLowerCase()}: Object reference not set in ${m[1]}.`],
  (o, m, s, v, seg) => [`Fout bij ${v[0]} van ${o[0].toLowerCase()}. Resource not found for the segment '${seg}'.`, `Error ${v[1]} ${o[1].toLowerCase()}. Resource not found for the segment '${seg}'.`],
  (o, m) => [`In gebruik: ${o[0]} (${m[0]}).`, `In use: ${o[1]} (${m[1]}).`],
  (o, m) => [`Niet herkende ${o[0].toLowerCase()}-indeling in ${m[0]}.`, `Unrecognized ${o[1].toLowerCase()} format in ${m[1]}.`],
  (o, m) => [`${o[0]} matchen in Exact mislukt (${m[0]}).`, `Matching ${o[1].toLowerCase()} in Exact failed (${m[1]}).`],
  (o, m, s, v, seg, id) => [`Incorrect ${id}ID voor ${o[0].toLowerCase()} in ${m[0]}.`, `Incorrect ${id}ID. There is no ${o[1].toLowerCase()} with this ${id}ID in ${m[1]}.`],
  (o, m) => [`Ongeldig ${o[0].toLowerCase()}type in ${m[0]}`, `Invalid ${o[1]} type in ${m[1]}`],
  (o, m, s, v, seg, id, h) => [`De externe naam kan niet worden omgezet bij ${o[0].toLowerCase()}: '${h}'.`, `The remote name could not be resolved for ${o[1].toLowerCase()}: '${h}'`],
  (o, m) => [`${o[0]} reeds verwerkt in ${m[0]}`, `${o[1]} already processed in ${m[1]}`],
  (o, m) => [`${o[0]} niet beschikbaar in ${m[0]}`, `${o[1]} unavailable in ${m[1]}`],
  (o, m) => [`Tabel ${o[0].toLowerCase()} bevat geen regel voor ${m[0]} op deze datum: {datum}`, `Table ${o[1].toLowerCase()} holds no line for ${m[1]} on this date: {date}`],
];
const BODY = [
  (o, m) => `**Oorzaak.** In ${m[0]} ontbreekt ${o[0].toLowerCase()} of staat die anders ingesteld dan de koppeling verwacht.`,
  (o, m) => `**Oplossing.** Controleer ${o[0].toLowerCase()} bij ${m[0]} en synchroniseer daarna opnieuw vanuit Bookzo.`,
  (o) => `Komt de melding terug, vraag dan de beheerder van ${o[0].toLowerCase()} om hulp.`,
];

/** generate returns n look-alike errors: { id, title, messages, category, severity, tags, body }. */
export function generate(n, seed = 42) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const seen = new Set();
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const shape = i % SHAPES.length;
    const parts = [pick(OBJECTS), pick(MODULES), pick(STATUSES), pick(VERBS), pick(SEGMENTS), pick(IDS), pick(HOSTS)];
    const messages = SHAPES[shape](...parts);
    const key = messages[0].toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const o = parts[0], m = parts[1];
    const num = String(out.length + 1).padStart(5, "0");
    out.push({
      id: `gen-${num}`,
      title: `${messages[0].replace(/[.:]$/, "")} [${num}]`,
      messages: r() < 0.5 ? messages : [messages[0]],
      category: pick(CATEGORIES),
      severity: r() < 0.8 ? "error" : "warning",
      tags: [o[0].toLowerCase(), m[0].toLowerCase()],
      body: BODY.map((b) => b(o, m)).join("\n\n"),
    });
  }
  return out;
}

function toml(s) {
  return JSON.stringify(s); // a TOML basic string is a JSON string for these texts
}

/** writeSite copies the real site in root to dir and adds errors. */
export function writeSite(root, dir, errors) {
  mkdirSync(join(dir, "content", "errors"), { recursive: true });
  cpSync(join(root, "site.toml"), join(dir, "site.toml"));
  cpSync(join(root, "content", "_index.md"), join(dir, "content", "_index.md"));
  for (const f of readdirSync(join(root, "content", "errors"))) {
    cpSync(join(root, "content", "errors", f), join(dir, "content", "errors", f));
  }
  for (const e of errors) {
    const src = [
      "+++",
      `id = ${toml(e.id)}`,
      `title = ${toml(e.title)}`,
      `messages = [${e.messages.map(toml).join(", ")}]`,
      `category = ${toml(e.category)}`,
      `severity = ${toml(e.severity)}`,
      `tags = [${e.tags.map(toml).join(", ")}]`,
      "+++",
      e.body,
      "",
    ].join("\n");
    writeFileSync(join(dir, "content", "errors", `${e.id}.md`), src);
  }
}
