package corpus

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bookzo/exact-help/internal/search"
)

// # Family catalogues
//
// Real error catalogues come in families: many templates share a literal
// beginning and have placeholders in the same places ("Fout bij boeken van
// creditnota: {detail}" beside "... van ontvangst: {detail}"), HTTP and .NET
// wrappers hold inner messages, and each error has its Dutch and English
// text. WriteFamily writes a catalogue of that shape: ten families over the
// objects, fields, actions, modules and statuses of an accounting sync, each
// member an error with one to five messages; beyond the base members, the
// same families again per module ("... (Logistiek)") and per module and
// division, so any N can be written. The same N and seed give the same
// files. Members of the families that the catalogue leaves out (one base
// member in thirteen, with all its variants, and some statuses) are the
// errors it lacks: the benchmark's unknown lines.

type pair struct{ nl, en string }

var famObjects = []pair{
	{"Kostenplaats", "Cost center"}, {"Kostendrager", "Cost unit"}, {"Dagboek", "Journal"}, {"Valuta", "Currency"},
	{"Artikel", "Item"}, {"Magazijn", "Warehouse"}, {"Project", "Project"}, {"Medewerker", "Employee"},
	{"Relatie", "Account"}, {"Leverancier", "Supplier"}, {"Grootboekrekening", "GL account"}, {"Btw-tarief", "VAT rate"},
	{"Betaalwijze", "Payment method"}, {"Divisie", "Division"}, {"Boekjaar", "Financial year"}, {"Verkoopfactuur", "Sales invoice"},
	{"Inkoopfactuur", "Purchase invoice"}, {"Creditnota", "Credit note"}, {"Ontvangst", "Receipt"}, {"Afdeling", "Department"},
	{"Land", "Country"}, {"Eenheid", "Unit"}, {"Prijslijst", "Price list"}, {"Artikelgroep", "Product group"},
	{"Bankrekening", "Bank account"}, {"Incassomachtiging", "Direct debit mandate"}, {"Contactpersoon", "Contact person"},
	{"Verkooporder", "Sales order"}, {"Inkooporder", "Purchase order"}, {"Offerte", "Quotation"}, {"Abonnement", "Subscription"},
	{"Activum", "Asset"}, {"Budget", "Budget"}, {"Journaalpost", "Ledger posting"}, {"Memoriaalboeking", "General journal entry"},
	{"Kasboeking", "Cash entry"}, {"Bankboeking", "Bank entry"}, {"Serienummer", "Serial number"}, {"Batchnummer", "Batch number"},
	{"Verzendmethode", "Shipping method"}, {"Leveringsvoorwaarde", "Delivery term"}, {"Taal", "Language"}, {"Vestiging", "Branch"},
	{"Rekeningschema", "Chart of accounts"}, {"Btw-aangifte", "VAT return"}, {"Kortingsregel", "Discount line"},
	{"Documenttype", "Document type"}, {"Factuurregel", "Invoice line"}, {"Boekingsregel", "Entry line"}, {"Kredietlimiet", "Credit limit"},
	{"Aanmaning", "Reminder"}, {"Incassobatch", "Direct debit batch"}, {"Betaalbatch", "Payment batch"}, {"Voorraadlocatie", "Stock location"},
	{"Urenregel", "Time entry"}, {"Declaratie", "Expense claim"}, {"Bankafschrift", "Bank statement"}, {"Verlofaanvraag", "Leave request"},
}

var famActions = []pair{
	{"boeken", "posting"}, {"exporteren", "exporting"}, {"importeren", "importing"}, {"bijwerken", "updating"},
	{"verwijderen", "deleting"}, {"ophalen", "retrieving"}, {"koppelen", "linking"}, {"aanmaken", "creating"},
	{"afletteren", "matching"},
}

var famVerbs = []pair{
	{"aanmaken", "create"}, {"bijwerken", "update"}, {"verwijderen", "delete"}, {"boeken", "post"},
	{"koppelen", "link"}, {"ophalen", "retrieve"}, {"blokkeren", "block"}, {"archiveren", "archive"},
}

var famFields = []pair{
	{"Zoekcode", "Search code"}, {"Omschrijving", "Description"}, {"Naam", "Name"}, {"Adres", "Address"},
	{"Postcode", "Postcode"}, {"Plaats", "City"}, {"E-mailadres", "E-mail address"}, {"Telefoonnummer", "Phone number"},
	{"IBAN", "IBAN"}, {"Btw-nummer", "VAT number"}, {"KvK-nummer", "Chamber of commerce number"}, {"Referentie", "Reference"},
	{"Opmerking", "Remark"}, {"Kenmerk", "Our reference"}, {"Betalingskenmerk", "Payment reference"}, {"Website", "Website"},
	{"Landcode", "Country code"}, {"Valutacode", "Currency code"}, {"Artikelcode", "Item code"}, {"Debiteurnummer", "Customer number"},
	{"Crediteurnummer", "Supplier number"}, {"Factuurdatum", "Invoice date"}, {"Vervaldatum", "Due date"}, {"Bedrag", "Amount"},
}

var famModules = []pair{
	{"Financieel", "Financial"}, {"Logistiek", "Logistics"}, {"Orders", "Orders"}, {"Projecten", "Projects"},
	{"CRM", "CRM"}, {"HRM", "HRM"}, {"Inkoop", "Purchasing"}, {"Voorraad", "Inventory"}, {"Productie", "Manufacturing"},
	{"Abonnementen", "Subscriptions"}, {"Documenten", "Documents"}, {"Rapportage", "Reporting"},
}

var famRights = []pair{
	{"lezen", "read"}, {"schrijven", "write"}, {"boeken", "post"}, {"verwijderen", "delete"},
	{"exporteren", "export"}, {"goedkeuren", "approve"}, {"afletteren", "match"}, {"instellen", "configure"},
}

var famPredicates = []pair{
	{"bestaat niet", "does not exist"}, {"is geblokkeerd", "is blocked"}, {"is niet actief", "is not active"},
	{"is verlopen", "has expired"}, {"is niet geldig in deze divisie", "is not valid in this division"},
}

// HTTP statuses of the family; the real site has 401, 429, 500 and 503.
// held are statuses the catalogue lacks.
var famStatuses = []struct {
	code    int
	nl, en  string
	fix     string
	held    bool
	catName string
}{
	{400, "Ongeldige aanvraag", "Bad Request", "", false, "verbinding"},
	{402, "Betaling vereist", "Payment Required", "first", false, "inloggen"},
	{403, "Verboden", "Forbidden", "", true, "inloggen"},
	{404, "Niet gevonden", "Not Found", "", false, "verbinding"},
	{405, "Methode niet toegestaan", "Method Not Allowed", "", false, "technisch"},
	{406, "Niet aanvaardbaar", "Not Acceptable", "", false, "technisch"},
	{407, "Proxyverificatie vereist", "Proxy Authentication Required", "first", false, "verbinding"},
	{408, "Time-out van aanvraag", "Request Timeout", "", false, "verbinding"},
	{409, "Conflict", "Conflict", "", true, "facturen"},
	{410, "Verdwenen", "Gone", "", false, "technisch"},
	{412, "Voorwaarde mislukt", "Precondition Failed", "", false, "technisch"},
	{413, "Aanvraag te groot", "Payload Too Large", "", false, "technisch"},
	{415, "Mediatype niet ondersteund", "Unsupported Media Type", "", false, "technisch"},
	{422, "Onverwerkbare entiteit", "Unprocessable Entity", "", false, "facturen"},
	{502, "Ongeldige gateway", "Bad Gateway", "first", false, "verbinding"},
	{504, "Time-out van gateway", "Gateway Timeout", "first", true, "verbinding"},
	{507, "Onvoldoende opslag", "Insufficient Storage", "", false, "technisch"},
}

// A member is one error of a family: its templates, with the words that
// tell it apart.
type member struct {
	family   string
	nl, en   string   // templates; {q} marks where the qualifier goes
	extra    []string // more templates: wrappers, older spellings
	telling  []string // words that tell it from its siblings (for keyword queries)
	sibling  string   // a word its siblings differ in (for adversarial names)
	category string
	fix      string
	held     bool // the catalogue lacks it
}

// baseMembers lists every family's members without qualifiers, in family
// order.
func baseMembers() [][]member {
	var fams [][]member
	var f []member
	add := func(m member) { f = append(f, m) }
	next := func() {
		fams = append(fams, f)
		f = nil
	}
	for _, o := range famObjects {
		add(member{family: "referentie", nl: "Ongeldige referentie: " + o.nl + "{q}", en: "Invalid reference: " + o.en + "{q}",
			extra: []string{"InvalidResponseException (500): Ongeldige referentie: " + o.nl + "{q}"}, telling: []string{o.nl}, sibling: o.nl, category: "instellingen-exact"})
	}
	next()
	for _, a := range famActions {
		for _, o := range famObjects {
			add(member{family: "actie", nl: "Fout bij " + a.nl + " van " + strings.ToLower(o.nl) + "{q}: {detail}",
				en: "Error " + a.en + " " + strings.ToLower(o.en) + "{q}: {detail}", telling: []string{a.nl, o.nl}, sibling: o.nl, category: "technisch"})
		}
	}
	next()
	for _, p := range famPredicates {
		for _, o := range famObjects {
			add(member{family: "bestaat", nl: o.nl + " {code} " + p.nl + "{q}", en: o.en + " {code} " + p.en + "{q}",
				telling: []string{o.nl, strings.Fields(p.nl)[len(strings.Fields(p.nl))-1]}, sibling: o.nl, category: "instellingen-exact"})
		}
	}
	next()
	for _, s := range famStatuses {
		add(member{family: "http", nl: fmt.Sprintf("De externe server heeft een fout geretourneerd: (%d) %s.", s.code, s.nl),
			en: fmt.Sprintf("The remote server returned an error: (%d) %s.", s.code, s.en), telling: []string{fmt.Sprint(s.code)},
			sibling: s.nl, category: s.catName, fix: s.fix, held: s.held})
	}
	next()
	for _, fl := range famFields {
		add(member{family: "lengte", nl: "Waarde te lang voor veld " + fl.nl + "{q}: maximaal {n} tekens",
			en: "Value too long for field " + fl.en + "{q}: maximum {n} characters", telling: []string{"lang", fl.nl}, sibling: fl.nl, category: "instellingen-bookzo"})
	}
	next()
	for _, o := range famObjects {
		for _, fl := range famFields[:12] {
			add(member{family: "verplicht", nl: "Verplicht veld ontbreekt in " + strings.ToLower(o.nl) + "{q}: " + fl.nl,
				en: "Required field missing in " + strings.ToLower(o.en) + "{q}: " + fl.en, telling: []string{o.nl, fl.nl}, sibling: fl.nl, category: "klanten"})
		}
	}
	next()
	for _, fl := range famFields {
		add(member{family: "gebruik", nl: "In gebruik: " + fl.nl + "{q}.", en: "In use: " + fl.en + "{q}.", telling: []string{fl.nl}, sibling: fl.nl, category: "facturen"})
	}
	next()
	for _, o := range famObjects {
		add(member{family: "dubbel", nl: o.nl + " met nummer {nummer} bestaat al{q}", en: o.en + " with number {nummer} already exists{q}",
			telling: []string{o.nl, "al"}, sibling: o.nl, category: "facturen"})
		add(member{family: "periode", nl: "Geen open periode voor " + strings.ToLower(o.nl) + "{q} op {datum}", en: "No open period for " + strings.ToLower(o.en) + "{q} on {datum}",
			telling: []string{o.nl, "periode"}, sibling: o.nl, category: "instellingen-exact"})
	}
	next()
	for _, md := range famModules {
		for _, r := range famRights {
			add(member{family: "rechten", nl: "Geen rechten voor " + md.nl + ": " + r.nl + "{q}", en: "No rights for " + md.en + ": " + r.en + "{q}",
				telling: []string{md.nl, r.nl}, sibling: md.nl, category: "inloggen"})
		}
	}
	next()
	for _, v := range famVerbs {
		for _, o := range famObjects {
			add(member{family: "kan", nl: "Kan " + strings.ToLower(o.nl) + " niet " + v.nl + "{q}: {detail}", en: "Cannot " + v.en + " " + strings.ToLower(o.en) + "{q}: {detail}",
				telling: []string{o.nl, v.nl}, sibling: o.nl, category: "technisch"})
		}
	}
	next()
	// One base member in thirteen is left out of the catalogue.
	for _, f := range fams {
		for i := range f {
			if i%13 == 3 {
				f[i].held = true
			}
		}
	}
	return fams
}

// qualifier is the text that takes the place of {q} at a level: none, a
// module, a module and a division.
func qualifier(level, k int, paren bool) (nl, en string) {
	if level == 0 {
		return "", ""
	}
	md := famModules[k%len(famModules)]
	nl, en = md.nl, md.en
	if level == 2 {
		div := k/len(famModules) + 2
		nl, en = fmt.Sprintf("%s, divisie %d", md.nl, div), fmt.Sprintf("%s, division %d", md.en, div)
	}
	if paren {
		return " (" + nl + ")", " (" + en + ")"
	}
	return " in " + nl, " in " + en
}

// FamilyError is one error of a family catalogue.
type FamilyError struct {
	ID       string
	Title    string
	Messages []string
	Category string
	Severity string
	Fix      string
	family   string
	base     string // the family and the base member it varies ("bestaat/12")
	level    int    // 0 for a base member, 1 with a module, 2 with a division
	telling  []string
	sibling  string
	held     bool
}

// familyErrors returns the first n errors of the catalogue and the errors
// it lacks (at most held of them). The members of all families take turns,
// base members first, then per module, then per module and division.
func familyErrors(n, held int) (cat, lacks []FamilyError) {
	fams := baseMembers()
	seq := 0
	emit := func(m member, i, level, k int) FamilyError {
		// The families whose qualifier follows a placeholder put it in
		// parentheses after the object; the others say "in <module>".
		paren := m.family != "actie" && m.family != "lengte" && m.family != "kan" && m.family != "rechten"
		qnl, qen := qualifier(level, k, paren)
		fill := func(t, q string) string { return strings.Replace(t, "{q}", q, 1) }
		msgs := []string{fill(m.nl, qnl), fill(m.en, qen)}
		for _, x := range m.extra {
			msgs = append(msgs, fill(x, qnl))
		}
		// Some errors list the Dutch text only, some have the wrapper too:
		// one to five messages.
		switch seq % 5 {
		case 0:
			msgs = msgs[:1]
		case 1, 2:
			msgs = msgs[:min(2, len(msgs))]
		case 3:
			switch m.family {
			case "actie": // an older wording the log still shows
				msgs = append(msgs, strings.Replace(msgs[0], "Fout bij", "Fout tijdens", 1))
			case "kan":
				msgs = append(msgs, strings.Replace(msgs[0], "Kan ", "Het is niet gelukt om ", 1))
			}
		}
		sev := "error"
		if seq%9 == 4 {
			sev = "warning"
		}
		title := strings.NewReplacer("{detail}", "…", "{code}", "(code)", "{n}", "n", "{nummer}", "(nummer)", "{datum}", "datum").Replace(msgs[0])
		seq++
		telling := slices.Clone(m.telling)
		if level > 0 {
			telling = append(telling, famModules[k%len(famModules)].nl)
		}
		return FamilyError{ID: fmt.Sprintf("fam-%s-%06d", m.family, seq), Title: title, Messages: msgs, Category: m.category,
			Severity: sev, Fix: m.fix, family: m.family, base: fmt.Sprintf("%s/%d", m.family, i), level: level,
			telling: telling, sibling: m.sibling, held: m.held}
	}
	levels := []int{1, len(famModules), len(famModules) * 8}
	for level, count := range levels {
		for k := range count {
			for i := 0; ; i++ {
				more := false
				for _, f := range fams {
					if i >= len(f) {
						continue
					}
					more = true
					m := f[i]
					if m.family == "http" && level > 0 {
						continue // a status has no modules
					}
					e := emit(m, i, level, k)
					if m.held {
						if len(lacks) < held {
							lacks = append(lacks, e)
						}
						continue
					}
					if len(cat) < n {
						cat = append(cat, e)
					}
				}
				if !more {
					break
				}
			}
			if len(cat) >= n {
				return cat, lacks
			}
		}
	}
	return cat, lacks
}

// WriteFamily writes a site of n errors of the family shape into dir
// (site.toml and content/errors/), or, with withSite, the errors only, to
// be added to a site already there.
func WriteFamily(dir string, n int, seed uint64, withSite bool) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if err := os.MkdirAll(filepath.Join(dir, "content", "errors"), 0o755); err != nil {
		return err
	}
	if withSite {
		if err := writeSiteTOML(dir); err != nil {
			return err
		}
	}
	cat, _ := familyErrors(n, 0)
	for _, e := range cat {
		if err := os.WriteFile(filepath.Join(dir, "content", "errors", e.ID+".md"), familyFile(r, e), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func familyFile(r *rand.Rand, e FamilyError) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\nid = %q\ntitle = %q\nmessages = [\n", e.ID, e.Title)
	for _, m := range e.Messages {
		fmt.Fprintf(&b, "  %q,\n", m)
	}
	fmt.Fprintf(&b, "]\ncategory = %q\nseverity = %q\n", e.Category, e.Severity)
	if e.Fix != "" {
		fmt.Fprintf(&b, "fix = %q\n", e.Fix)
	}
	fmt.Fprintf(&b, "tags = [%q]\nupdated = 2026-%02d-%02d\n+++\n", e.family, 1+r.IntN(12), 1+r.IntN(28))
	b.WriteString(familyBody(r, e))
	return []byte(b.String())
}

// familyBody is a body of 60 to 250 words: a cause, numbered steps, now and
// then a table or a code block.
func familyBody(r *rand.Rand, e FamilyError) string {
	var b strings.Builder
	sentence := func(k int) string {
		p := make([]string, k)
		for i := range p {
			p[i] = words[r.IntN(len(words))]
		}
		p[0] = strings.ToUpper(p[0][:1]) + p[0][1:]
		return strings.Join(p, " ") + "."
	}
	word := strings.ToLower(e.telling[len(e.telling)-1])
	fmt.Fprintf(&b, "**Oorzaak.** %s De instelling voor %s ontbreekt of wijkt af. %s\n\n", sentence(12+r.IntN(20)), word, sentence(8+r.IntN(12)))
	b.WriteString("**Oplossing.**\n\n")
	for s := 1; s <= 2+r.IntN(4); s++ {
		fmt.Fprintf(&b, "%d. Ga in Exact naar **%s** en controleer %s.\n", s, famModules[(s+len(word))%len(famModules)].nl, word)
	}
	b.WriteString("\n")
	if r.IntN(4) == 0 {
		b.WriteString("| Veld | In Exact | In Bookzo |\n|---|---|---|\n")
		for k := range 3 {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", famFields[(k+len(word))%len(famFields)].nl, r.IntN(9000), r.IntN(9000))
		}
		b.WriteString("\n")
	}
	if r.IntN(3) == 0 {
		c := codeSamples[r.IntN(len(codeSamples))]
		fmt.Fprintf(&b, "```%s\n%s\n```\n\n", c.lang, c.code)
	}
	b.WriteString(sentence(10+r.IntN(30)) + "\n")
	return b.String()
}

func writeSiteTOML(dir string) error {
	var cfg strings.Builder
	cfg.WriteString("title = \"Generated help\"\nbaseURL = \"https://help.example.com/\"\nlanguage = \"nl\"\neditURL = \"https://github.com/example/help/edit/main/\"\n\n[support]\nemail = \"support@example.com\"\n")
	for _, c := range categories {
		fmt.Fprintf(&cfg, "\n[[categories]]\nname = %q\ntitle = %q\n", c.name, c.title)
	}
	return os.WriteFile(filepath.Join(dir, "site.toml"), []byte(cfg.String()), 0o644)
}

// # Queries and logs
//
// FamilyBench returns what a customer pastes into the search box for a
// catalogue of n family errors, labelled with the error that must come
// first: pasted lines with prefixes and customer values, bare messages,
// English, a typo, other spacing, names that hold a sibling's word
// (adversarial), two telling words (keyword), a status code, and lines of
// errors the catalogue lacks (unknown, labelled ""). And whole logs with
// the errors they name and their counts. Labels come from search.Template.Holds over
// every template of the catalogue, not from the engine: of the templates a
// line holds, the one with the most fixed text.

// A Query is a line and the error it names ("" for none).
type Query struct {
	Kind string `json:"kind"`
	Q    string `json:"q"`
	Want string `json:"want"`
}

// A Log is a pasted log with the errors it names and their counts, and the
// lines that name no error the catalogue has.
type Log struct {
	Text      string         `json:"text"`
	Want      map[string]int `json:"want"`
	Unmatched []int          `json:"unmatched"`
}

// Bench is the benchmark's input: queries, logs of 5 to 60 lines, and the
// log of one whole sync run of 2,000 lines.
type Bench struct {
	Queries []Query `json:"queries"`
	Logs    []Log   `json:"logs"`
	Run     Log     `json:"run"`
}

var customers = []string{"Jansen Bouw B.V.", "Bakkerij Smit", "De Vries Installatietechniek", "Van den Berg & Zn.", "Klaassen Transport",
	"Hoveniersbedrijf Groen", "Autobedrijf Mulder", "Stichting De Brug", "Peters Elektra", "Bloemenhuis Flora"}

var details = []string{"het dagboek is geblokkeerd voor boekingen", "de periode is afgesloten", "onbekende fout 0x80131500",
	"de waarde is leeg", "time-out na 30 seconden", "het record is gewijzigd door een andere gebruiker"}

// oracle finds, with search.Template.Holds, the catalogue's error a line names: the
// template with the most fixed text among those the line holds. Templates
// are found through their rarest word.
type oracle struct {
	byWord map[string][]oracleTemplate
}

type oracleTemplate struct {
	id   string
	tmpl *search.Template
}

func newOracle(cat []FamilyError) *oracle {
	df := map[string]int{}
	toks := make([][][]string, len(cat))
	for i, e := range cat {
		for _, m := range e.Messages {
			t := uniq(search.Tokenize(literalText(m)))
			toks[i] = append(toks[i], t)
			for _, w := range t {
				df[w]++
			}
		}
	}
	o := &oracle{byWord: map[string][]oracleTemplate{}}
	for i, e := range cat {
		for k, m := range e.Messages {
			t := toks[i][k]
			if len(t) == 0 {
				continue
			}
			best := t[0]
			for _, w := range t {
				if df[w] < df[best] {
					best = w
				}
			}
			tmpl, err := search.CompileTemplate(m)
			if err != nil {
				continue // it could hold no line
			}
			o.byWord[best] = append(o.byWord[best], oracleTemplate{e.ID, tmpl})
		}
	}
	return o
}

func (o *oracle) names(line string) string {
	best, bestFixed, bestCaptured := "", -1, 0
	toks := search.Tokenize(line)
	for _, w := range uniq(toks) {
		for _, t := range o.byWord[w] {
			fixed, captured, ok := t.tmpl.Holds(toks)
			if ok && (fixed > bestFixed || fixed == bestFixed && captured < bestCaptured) {
				best, bestFixed, bestCaptured = t.id, fixed, captured
			}
		}
	}
	return best
}

func literalText(tmpl string) string {
	var b strings.Builder
	depth := 0
	for _, c := range tmpl {
		switch {
		case c == '{':
			depth++
		case c == '}':
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func uniq(toks []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range toks {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// fillValues puts customer values in a template's placeholders.
func fillValues(r *rand.Rand, tmpl string, detail string) string {
	return strings.NewReplacer(
		"{detail}", detail,
		"{code}", fmt.Sprintf("%c%c-%d", 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)), 100+r.IntN(9000)),
		"{n}", fmt.Sprint(10+r.IntN(90)),
		"{nummer}", fmt.Sprintf("%d", 10000+r.IntN(90000)),
		"{datum}", fmt.Sprintf("%d-%d-2026", 1+r.IntN(28), 1+r.IntN(12)),
	).Replace(tmpl)
}

func prefix(r *rand.Rand) string {
	inv := fmt.Sprintf("F2026-%04d", r.IntN(10000))
	switch r.IntN(6) {
	case 0:
		return fmt.Sprintf("2026-11-%02d %02d:%02d:%02d ERROR Factuur %s: ", 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), inv)
	case 1:
		return "[ERROR] "
	case 2:
		return fmt.Sprintf("%02d:%02d:%02d ✗ Factuur %s (%s): ", r.IntN(24), r.IntN(60), r.IntN(60), inv, customers[r.IntN(len(customers))])
	case 3:
		return fmt.Sprintf("%d-11-2026 09:%02d\t%s\t%s\t✗\t", 1+r.IntN(28), r.IntN(60), inv, customers[r.IntN(len(customers))])
	case 4:
		return fmt.Sprintf("Betaling %d: ", 80000+r.IntN(9999))
	}
	return ""
}

// typo changes one letter of a word of five letters or more: swaps two,
// drops one or doubles one.
func typo(r *rand.Rand, s string) string {
	fs := strings.Fields(s)
	var long []int
	for i, f := range fs {
		if len(f) >= 6 && !strings.ContainsAny(f, "0123456789{}") && strings.Trim(f, ".,:;()'") == f {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return ""
	}
	i := long[r.IntN(len(long))]
	w := []byte(fs[i])
	k := 1 + r.IntN(len(w)-3)
	switch r.IntN(3) {
	case 0:
		w[k], w[k+1] = w[k+1], w[k]
	case 1:
		w = append(w[:k], w[k+1:]...)
	default:
		w = append(w[:k+1], w[k:]...)
	}
	fs[i] = string(w)
	return strings.Join(fs, " ")
}

// FamilyBench generates the benchmark's queries and logs for a catalogue
// of n errors (see WriteFamily with the same n). The stages draw from one
// random source in a fixed order: the same n and seed give the same bench.
func FamilyBench(n int, seed uint64) Bench {
	r := rand.New(rand.NewPCG(seed, 7))
	cat, lacks := familyErrors(n, 400)
	qs := &benchQueries{or: newOracle(cat)}
	qs.perError(r, cat)
	qs.keywords(r, cat)
	for _, e := range cat {
		if e.family == "http" {
			qs.add("status", "("+e.telling[0]+")", e.ID)
		}
	}
	qs.unknown(r, lacks)
	b := Bench{Queries: qs.list}
	b.Logs = familyLogs(r, cat, lacks, qs.or)
	b.Run = familyRun(r, cat, lacks, qs.or)
	return b
}

// benchQueries collects the benchmark's queries.
type benchQueries struct {
	or   *oracle
	list []Query
}

// add adds a query meant to find want, unless q is empty. A line is
// labelled by what it holds; a query that names another error than meant
// is left out (its label would be a guess), except for the kinds that are
// labelled by how they were made.
func (qs *benchQueries) add(kind, q, want string) {
	if q == "" {
		return
	}
	if kind != "typo" && kind != "keyword" && kind != "spacing" && kind != "status" {
		if got := qs.or.names(q); got != want {
			return
		}
	}
	qs.list = append(qs.list, Query{kind, q, want})
}

// perError adds, for about 300 errors of cat spread over it, the queries
// made from one of its messages: a log line, the message, the English
// message, a typo, other spacing and case, and a line whose names hold a
// word of a sibling error.
func (qs *benchQueries) perError(r *rand.Rand, cat []FamilyError) {
	// Words of each family's members, for adversarial names.
	siblings := map[string][]string{}
	for _, e := range cat {
		siblings[e.family] = append(siblings[e.family], e.sibling)
	}
	step := max(1, len(cat)/300)
	for i := 0; i < len(cat); i += step {
		e := cat[i]
		nl := fillValues(r, e.Messages[0], details[r.IntN(len(details))])
		qs.add("line", prefix(r)+nl, e.ID)
		qs.add("message", nl, e.ID)
		if len(e.Messages) > 1 {
			qs.add("english", fillValues(r, e.Messages[1], "the record was changed by another user"), e.ID)
		}
		if t := typo(r, e.Messages[0]); t != "" {
			qs.add("typo", fillValues(r, t, details[r.IntN(len(details))]), e.ID)
		}
		qs.add("spacing", strings.ToUpper(strings.NewReplacer("-", "", ":", "", ".", "", "  ", " ").Replace(nl)), e.ID)
		// A name, or a value, that holds a word of a sibling error.
		if sibs := siblings[e.family]; len(sibs) > 1 {
			w := sibs[r.IntN(len(sibs))]
			for tries := 0; w == e.sibling && tries < 5; tries++ {
				w = sibs[r.IntN(len(sibs))]
			}
			if w != e.sibling {
				name := []string{"Van Dijk " + w + " Services", w + " Groep B.V.", "Stichting " + w}[r.IntN(3)]
				qs.add("adversarial", fmt.Sprintf("Factuur F2023-%04d voor %s: %s", r.IntN(10000), name,
					fillValues(r, e.Messages[0], strings.ToLower(w)+" "+details[r.IntN(len(details))])), e.ID)
			}
		}
	}
}

// keywords adds up to 300 queries of two telling words of a base member:
// among the errors that hold both (the base member and its variants per
// module), the base member explains them with the least besides.
func (qs *benchQueries) keywords(r *rand.Rand, cat []FamilyError) {
	holders := wordHolders(cat)
	byID := map[string]FamilyError{}
	for _, e := range cat {
		byID[e.ID] = e
	}
	kw := 0
	for _, e := range cat {
		if e.level != 0 || len(e.telling) < 2 || kw >= 300 {
			continue
		}
		a, c := strings.ToLower(e.telling[len(e.telling)-1]), strings.ToLower(e.telling[0])
		ta, tc := search.Tokenize(a), search.Tokenize(c)
		if len(ta) == 0 || len(tc) == 0 {
			continue
		}
		one := true
		for id := range holders[ta[len(ta)-1]] {
			if holders[tc[0]][id] && byID[id].base != e.base {
				one = false
			}
		}
		if one && r.IntN(3) == 0 {
			qs.add("keyword", c+" "+a, e.ID)
			kw++
		}
	}
}

// wordHolders returns, for each word of the messages of cat, the ids of
// the errors that hold it.
func wordHolders(cat []FamilyError) map[string]map[string]bool {
	holders := map[string]map[string]bool{}
	for _, e := range cat {
		for _, m := range e.Messages {
			for _, w := range search.Tokenize(literalText(m)) {
				if holders[w] == nil {
					holders[w] = map[string]bool{}
				}
				holders[w][e.ID] = true
			}
		}
	}
	return holders
}

// unknown adds the queries that no error of the catalogue answers: log
// lines of the errors it lacks, and a few errors of other software.
func (qs *benchQueries) unknown(r *rand.Rand, lacks []FamilyError) {
	for _, e := range lacks {
		line := prefix(r) + fillValues(r, e.Messages[r.IntN(min(2, len(e.Messages)))], details[r.IntN(len(details))])
		qs.add("unknown", line, "")
	}
	for _, u := range []string{"Kan PDF-bijlage niet uploaden: bestand is te groot", "(403) Forbidden",
		"De externe server heeft een fout geretourneerd: (403) Verboden.", "System.IO.IOException: The process cannot access the file",
		"Webhook kon niet worden geregistreerd", "SSL-certificaat van de server is verlopen"} {
		qs.add("unknown", u, "")
	}
}

// familyRun is the log of one sync of 2,000 invoices and payments: most
// succeed, a quarter fail with one of 15 errors (some repeated hundreds of
// times, a few once), now and then with a stack trace, and 2% of the lines
// are errors the catalogue lacks.
func familyRun(r *rand.Rand, cat, lacks []FamilyError, or *oracle) Log {
	picked := make([]FamilyError, 15)
	for i := range picked {
		picked[i] = cat[r.IntN(len(cat))]
	}
	want := map[string]int{}
	unmatched := []int{}
	lines := []string{"Synchronisatie gestart om 02:00 (2.000 facturen en betalingen)"}
	for len(lines) < 1999 {
		switch k := r.IntN(100); {
		case k < 73:
			lines = append(lines, fmt.Sprintf("02:%02d:%02d ✓ Factuur F2026-%04d gesynchroniseerd", r.IntN(60), r.IntN(60), r.IntN(10000)))
		case k < 98:
			// Zipf-like: the first errors far more often than the last.
			e := picked[min(len(picked)-1, int(float64(len(picked))*r.Float64()*r.Float64()))]
			line := prefix(r) + fillValues(r, e.Messages[r.IntN(len(e.Messages))], details[r.IntN(len(details))])
			lines = append(lines, line)
			if id := or.names(line); id != "" {
				want[id]++
			} else {
				unmatched = append(unmatched, len(lines))
			}
			if r.IntN(10) == 0 {
				lines = append(lines, "   at Bookzo.Sync.Exact.SalesEntryService.PushAsync(Invoice invoice) in D:\\a\\sync\\SalesEntryService.cs:line 214")
			}
		default:
			e := lacks[r.IntN(len(lacks))]
			line := prefix(r) + fillValues(r, e.Messages[0], details[r.IntN(len(details))])
			lines = append(lines, line)
			if id := or.names(line); id != "" {
				want[id]++
			} else {
				unmatched = append(unmatched, len(lines))
			}
		}
	}
	lines = append(lines, fmt.Sprintf("Totaal: 2.000 verwerkt, %d met een fout", sum(want)+len(unmatched)))
	return Log{Text: strings.Join(lines, "\n"), Want: want, Unmatched: unmatched}
}

// familyLogs writes 100 logs of 5 to 60 lines: success lines, errors with
// repeats, stack traces after .NET messages, lines of errors the catalogue
// lacks, headers and totals.
func familyLogs(r *rand.Rand, cat, lacks []FamilyError, or *oracle) []Log {
	var logs []Log
	for range 100 {
		var lines []string
		want := map[string]int{}
		unmatched := []int{}
		if r.IntN(2) == 0 {
			lines = append(lines, []string{"Synchronisatie gestart om 09:00", "Datum\tFactuur\tKlant\tStatus\tMelding", "=== Sync 03-11-2026 ==="}[r.IntN(3)])
		}
		picked := make([]FamilyError, 1+r.IntN(5))
		for i := range picked {
			picked[i] = cat[r.IntN(len(cat))]
		}
		total := 5 + r.IntN(55)
		for len(lines) < total {
			switch k := r.IntN(10); {
			case k < 4:
				lines = append(lines, fmt.Sprintf("%02d:%02d:%02d Factuur F2026-%04d %s", 9, r.IntN(60), r.IntN(60), r.IntN(10000),
					[]string{"gesynchroniseerd", "✓ verwerkt", "succesvol geboekt", "synchronized"}[r.IntN(4)]))
			case k < 9:
				e := picked[r.IntN(len(picked))]
				line := prefix(r) + fillValues(r, e.Messages[r.IntN(len(e.Messages))], details[r.IntN(len(details))])
				lines = append(lines, line)
				id := or.names(line)
				if id == "" {
					unmatched = append(unmatched, len(lines))
				} else {
					want[id]++
				}
				if r.IntN(6) == 0 {
					lines = append(lines, "   at Bookzo.Sync.Exact.SalesEntryService.PushAsync(Invoice invoice) in D:\\a\\sync\\SalesEntryService.cs:line 214",
						"   at Bookzo.Sync.Runner.RunAsync(CancellationToken token)")
				}
			default:
				if len(lacks) > 0 {
					e := lacks[r.IntN(len(lacks))]
					line := prefix(r) + fillValues(r, e.Messages[0], details[r.IntN(len(details))])
					lines = append(lines, line)
					if id := or.names(line); id != "" {
						want[id]++
					} else {
						unmatched = append(unmatched, len(lines))
					}
				}
			}
		}
		lines = append(lines, fmt.Sprintf("Totaal: %d regels, %d met een fout", len(lines), len(unmatched)+sum(want)))
		logs = append(logs, Log{Text: strings.Join(lines, "\n"), Want: want, Unmatched: unmatched})
	}
	return logs
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// WriteFamilyBench writes FamilyBench(n, seed) as JSON to path.
func WriteFamilyBench(path string, n int, seed uint64) error {
	b, err := json.MarshalIndent(FamilyBench(n, seed), "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
