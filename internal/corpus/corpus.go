// Package corpus writes realistic generated help sites for benchmarks and
// fault tests: N errors with Dutch and English messages, placeholders,
// categories, related errors and bodies of 80 to 400 words with lists,
// tables and fenced code in several languages. The same seed and N give the
// same files.
//
// Generated messages are look-alikes of the real ones ("Ongeldige referentie:
// Kostenplaats 17" beside the real "Ongeldige referentie: Btw-code") but each
// carries a numbered object, so none equals a real error's message.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var categories = []struct{ name, title string }{
	{"inloggen", "Inloggen en rechten"},
	{"verbinding", "Verbinding met Exact"},
	{"instellingen-exact", "Instellingen in Exact"},
	{"instellingen-bookzo", "Instellingen in Bookzo"},
	{"klanten", "Klanten en relaties"},
	{"facturen", "Facturen en boekingen"},
	{"betalingen", "Betalingen"},
	{"technisch", "Technische fouten"},
}

var objectsNL = []string{"Kostenplaats", "Kostendrager", "Dagboek", "Valuta", "Artikel", "Magazijn", "Project", "Medewerker", "Grootboekrekening", "Relatie", "Betaalwijze", "Btw-tarief", "Divisie", "Boekjaar", "Verkoopfactuur", "Inkoopfactuur", "Afdeling", "Land", "Eenheid", "Prijslijst"}
var objectsEN = []string{"Cost center", "Cost unit", "Journal", "Currency", "Item", "Warehouse", "Project", "Employee", "GL account", "Account", "Payment method", "VAT rate", "Division", "Financial year", "Sales invoice", "Purchase invoice", "Department", "Country", "Unit", "Price list"}

var shapes = []struct{ nl, en string }{
	{"Ongeldige referentie: %s %d", "Invalid reference: %s %d"},
	{"%s %d bestaat niet in Exact", "%s %d does not exist in Exact"},
	{"Fout bij exporteren van %s %d: {detail}", "Error exporting %s %d: {detail}"},
	{"In gebruik: %s %d.", "In use: %s %d."},
	{"%s %d is geblokkeerd voor boekingen op {datum}", "%s %d is blocked for entries on {datum}"},
	{"Verplicht veld ontbreekt in %s %d: {veld}", "Required field missing in %s %d: {veld}"},
}

var words = strings.Fields(`de het een factuur klant synchronisatie Exact Bookzo instelling administratie
	controleer open ga naar kies sla op daarna opnieuw koppeling gegevens boeking grootboek btw code nummer
	veld waarde periode datum betaling relatie rekening dagboek verkoop inkoop overzicht melding oorzaak
	oplossing meestal soms eerst altijd handmatig automatisch volgende vorige ingesteld aangemaakt verwijderd`)

var codeSamples = []struct{ lang, code string }{
	{"json", `{"EntryID": "{guid}", "Status": 20, "Lines": [{"GLAccount": 8000}]}`},
	{"xml", `<SalesEntry><Journal>70</Journal><Customer code="{n}"/></SalesEntry>`},
	{"powershell", `Get-Content sync.log | Select-String "Ongeldige referentie"`},
	{"sql", `SELECT id, status FROM sync_runs WHERE status = 'failed' ORDER BY started DESC;`},
	{"go", "if err != nil {\n\treturn fmt.Errorf(\"sync: %w\", err)\n}"},
}

// Write writes a site of n errors into dir (site.toml and content/errors/).
func Write(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if err := os.MkdirAll(filepath.Join(dir, "content", "errors"), 0o755); err != nil {
		return err
	}
	if err := writeSiteTOML(dir); err != nil {
		return err
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, "content", "errors", ID(i)+".md"), errorFile(r, i, n), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ID returns the id of the i-th generated error.
func ID(i int) string { return fmt.Sprintf("gegenereerd-%06d", i) }

func errorFile(r *rand.Rand, i, n int) []byte {
	obj := i % len(objectsNL)
	shape := shapes[(i/len(objectsNL))%len(shapes)]
	num := i/(len(objectsNL)*len(shapes)) + 1
	nl := fmt.Sprintf(shape.nl, objectsNL[obj], num)
	en := fmt.Sprintf(shape.en, objectsEN[obj], num)
	cat := categories[i%len(categories)].name
	sev := "error"
	if i%7 == 0 {
		sev = "warning"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "+++\nid = %q\ntitle = %q\nmessages = [\n  %q,\n  %q,\n]\ncategory = %q\nseverity = %q\n", ID(i), strings.NewReplacer("{detail}", "…", "{datum}", "datum", "{veld}", "veld").Replace(nl), nl, en, cat, sev)
	fmt.Fprintf(&b, "tags = [%q, %q]\n", strings.ToLower(strings.Fields(objectsNL[obj])[0]), cat)
	if n > 1 {
		fmt.Fprintf(&b, "related = [%q]\n", ID((i+1+r.IntN(n-1))%n))
	}
	fmt.Fprintf(&b, "updated = 2026-%02d-%02d\n+++\n", 1+r.IntN(12), 1+r.IntN(28))
	target := 80 + r.IntN(321)
	written := 0
	para := func(k int) {
		var p []string
		for range k {
			p = append(p, words[r.IntN(len(words))])
		}
		p[0] = strings.ToUpper(p[0][:1]) + p[0][1:]
		b.WriteString(strings.Join(p, " ") + ".\n\n")
		written += k
	}
	b.WriteString("**Oorzaak.** ")
	para(20 + r.IntN(30))
	b.WriteString("**Oplossing.**\n\n")
	for s := 1; s <= 3+r.IntN(3); s++ {
		fmt.Fprintf(&b, "%d. Ga naar **Instellingen > %s** en controleer veld %d.\n", s, objectsNL[(obj+s)%len(objectsNL)], s)
		written += 8
	}
	b.WriteString("\n")
	if r.IntN(3) == 0 {
		b.WriteString("| Veld | Waarde in Exact | Waarde in Bookzo |\n|---|---|---|\n")
		for k := range 3 {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", objectsNL[(obj+k)%len(objectsNL)], r.IntN(9000), r.IntN(9000))
		}
		b.WriteString("\n")
		written += 15
	}
	if r.IntN(2) == 0 {
		c := codeSamples[r.IntN(len(codeSamples))]
		fmt.Fprintf(&b, "```%s\n%s\n```\n\n", c.lang, c.code)
		written += 10
	}
	for written < target {
		para(min(40, target-written+5))
	}
	return []byte(b.String())
}
