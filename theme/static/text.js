// The Dutch text of the search box and the triage view (search-ui.js,
// triage-view.js), in one place. Text with a number is a function.

/** plural says n of a thing: "1 regel", "3 regels". */
export function plural(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

export const T = {
  // The box.
  showLog: (lines) => `Hele log tonen (${plural(lines, "regel", "regels")})`,
  hideLog: "Log inklappen",
  searchFailed: "Zoeken lukt nu niet.",
  searchFailedList: "Zoeken lukt nu niet. Gebruik de lijst met alle meldingen hieronder.",

  // Results of one line.
  found: (n) => (n === 1 ? "1 melding gevonden." : `${n} meldingen gevonden.`),
  notExact: "Geen precieze overeenkomst. ",
  exact: "Past precies",
  retired: "Komt niet meer voor",
  error: "Fout",
  warning: "Waarschuwing",
  nothing: "Niets gevonden.",
  nothingTitle: "Niets gevonden",
  nothingText: "Geen melding past bij uw zoekopdracht. Controleer de tekst, kies een andere categorie, of mail ons de melding: ",
  honestTitle: "Geen melding gevonden die precies past — misschien een van deze:",
  honestText: "Past geen van deze? Dan kent deze site uw melding nog niet: ",
  contactSupport: "neem contact op met support.",
  mailSupport: "mail support",
  lineSubject: "Melding uit het synchronisatielog",
  lineBody: (masked) => `Ik zoek hulp bij deze melding uit het synchronisatielog:\n\n${masked}\n`,

  // What a support mail does to the customer's text, said as it is.
  maskedSure: "In de mail zijn namen, nummers en bedragen al vervangen; kijk hem toch even na voordat u hem verstuurt.",
  maskedUnsure: "In de mail zijn namen, nummers en bedragen vervangen waar de site ze herkent; kijk hem na voordat u hem verstuurt.",

  // The triage view: its summary.
  pasted: (lines) => `U plakte ${plural(lines, "regel", "regels")}: `,
  fromLink: "Uit een link voor support: ",
  errors: (n) => plural(n, "melding", "verschillende meldingen"),
  unknownLines: (n) => `${plural(n, "regel", "regels")} niet herkend`,
  order: "Los ze op in deze volgorde, en synchroniseer daarna opnieuw:",
  orderFirst: "eerst",
  orderLast: "als laatste",
  noneKnownTitle: "Geen bekende melding in deze regels",
  noneKnown: "Deze site herkent geen van de meldingen.",
  timedOut: "Het nakijken duurde te lang: de regels die niet op tijd zijn nagekeken, staan bij de niet herkende. Plak ze apart om ook die te laten nakijken.",
  truncated: (n) => `Alleen de eerste ${n.toLocaleString("nl-NL")} regels zijn gelezen. Plak de rest apart om ook die te laten nakijken.`,

  // The triage view: one error.
  times: (n) => `${n}×`,
  partial: "Bijna precies",
  whyFirst: "Los dit eerst op: zolang deze melding er is, mislukt elke synchronisatie.",
  whyLast: "Los dit als laatste op: deze melding volgt uit de andere meldingen. Los die eerst op en start de synchronisatie daarna opnieuw.",
  stepsLabel: (title) => `Stappen: ${title}`,
  moreSteps: "Hele uitleg lezen",
  noSolution: "Nog geen oplossing.",
  noSolutionText: "Voor deze melding is nog geen oplossing beschreven. Mail ons, dan zoeken we het voor u uit: ",
  noSolutionNoMail: "Voor deze melding is nog geen oplossing beschreven. Neem contact op met support, dan zoeken we het voor u uit.",
  errorSubject: (title) => `Melding zonder oplossing: ${title}`,
  errorBody: (e, url, line) =>
    "Ik zoek hulp bij deze melding uit mijn synchronisatielog; de helpsite heeft er nog geen oplossing voor.\n\n" +
    `Melding: ${e.title}\nPagina: ${url}\nAantal keer in het log: ${e.count}\n` +
    (line ? `\nEen van de regels (namen, nummers en bedragen vervangen):\n${line}\n` : ""),
  items: (n) => `Betreft ${plural(n, "factuur of betaling", "facturen en betalingen")}:`,
  showItems: (n) => `Toon alle ${n}`,
  hideItems: "Toon minder",
  copyList: "Kopieer lijst",
  listCopied: "Lijst gekopieerd",
  listCopiedAnnounce: (n) => `Lijst van ${plural(n, "factuur of betaling", "facturen en betalingen")} gekopieerd`,
  copyFailed: "Kopiëren niet gelukt",

  // The triage view: lines it does not know.
  unknownTitle: (n) => `${plural(n, "regel", "regels")} niet herkend`,
  unknownText: "Deze meldingen kent de site nog niet. Mail ze ons, dan zoeken we het uit: ",
  unknownTextNoMail: "Deze meldingen kent de site nog niet. Neem contact op met support, dan zoeken we het uit.",
  unknownShown: "Zo staan ze in de mail, met namen, nummers en bedragen vervangen:",
  unknownLineNumbers: (lines) => (lines.length === 1 ? `regel ${lines[0]}` : `regels ${lines.slice(0, 8).join(", ")}${lines.length > 8 ? ", …" : ""}`),
  unknownWithheld: "tekst niet in de link: er kon klantinformatie in staan",
  unknownFromLink: "Deze regels herkende de site niet. De link bevat hun tekst alleen waar zeker geen namen, nummers of bedragen in stonden.",
  unknownSubject: "Meldingen uit het synchronisatielog",
  unknownBody: (groups) =>
    "Deze regels uit mijn synchronisatielog herkent de helpsite niet (namen, nummers en bedragen vervangen):\n\n" +
    groups.map((g) => `${g.count}× ${g.text}`).join("\n") + "\n",

  // The triage view: the support link.
  shareLink: "Link voor support",
  copyLink: "Link kopiëren",
  linkCopied: "Link gekopieerd",
  linkCopiedAnnounce: "Link voor support gekopieerd",
  shareNote: " De link bevat alleen welke meldingen het waren en hoe vaak, niet uw log: geen namen, facturen of bedragen.",
};
