package markdown

import (
	"reflect"
	"strings"
	"testing"
)

// finder is a Links.Find over a few names of errors.
func finder(names map[string]string) func(string) string {
	return func(text string) string { return names[strings.ToLower(text)] }
}

const (
	codeTab     = `this list is indented with a tab, so the page shows it as code: start each list line at the margin ("- " or "1. ")` + asCode
	codeSpaces  = `this list is indented with 4 spaces, so the page shows it as code: start each list line at the margin ("- " or "1. ")` + asCode
	runInSpaces = `this list is indented with 4 spaces, so the page runs it into the line above: start each list line at the margin ("- " or "1. ")`
	inItem      = `, or under the text of the item above for a list in a list`
)

func TestIndentedMarkdown(t *testing.T) {
	tests := []struct {
		src  string
		want []Problem
	}{
		{"Stappen:\n\n\t1. Open\n\t2. Klik", []Problem{{3, codeTab}}},
		{"Stappen:\n\n    - Open\n    - Klik", []Problem{{3, codeSpaces}}},
		{"Stappen:\n\n\t\t* Open", []Problem{{3, `this list is indented with 2 tabs, so the page shows it as code: start each list line at the margin ("- " or "1. ")` + asCode}}},
		{"Stappen:\n\n  \t+ Open", []Problem{{3, `this list is indented with tabs and spaces, so the page shows it as code: start each list line at the margin ("- " or "1. ")` + asCode}}},
		{"Stappen:\n\n\t1) Open\n\t   de factuur\n\t2) Klik", []Problem{{3, codeTab}}},
		{"Intro.\n\n\tEerst dit.\n\tKlik op **Opslaan**.", []Problem{{4, "this text is indented with a tab, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin" + asCode}}},
		{"Intro.\n\n    Zie [de fout](error:known).", []Problem{{3, "this text is indented with 4 spaces, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin" + asCode}}},
		{"1. Stap\n\n        - sub\n        - sub", []Problem{{3, "this list is indented with 8 spaces, so the page shows it as code: start each list line at the margin (\"- \" or \"1. \")" + inItem + asCode}}},
		{"> Citaat\n>\n>     - een", []Problem{{3, codeSpaces}}},
		// Right below a line of text, the list runs into it.
		{"Stappen:\n    - Open\n    - Klik", []Problem{{2, runInSpaces}}},
		{"Stappen:\n\t2. Open", []Problem{{2, `this list is indented with a tab, so the page runs it into the line above: start each list line at the margin ("- " or "1. ")`}}},
		{"- Stap\n      - sub", []Problem{{2, "this list is indented with 6 spaces, so the page runs it into the line above: start each list line at the margin (\"- \" or \"1. \")" + inItem}}},
		// Code and logs stay code.
		{"Het log:\n\n    2026-01-05 10:00:01 [ERROR] Reeds verwerkt: 2026-0042\n       at Bookzo.Sync.Export()\n    --- End of inner exception stack trace ---", nil},
		{"Het log:\n\n    - Factuur 1: Reeds verwerkt\n    Factuur 2: gelukt\n    Factuur 3: gelukt", nil},
		{"Het log:\n\n    2026-01-05 10:00:01 [ERROR] Ongeldige referentie: Btw-code\n    - Factuur 1001: OK\n    - Factuur 1002: Ongeldige referentie: Btw-code", nil},
		{"Het log:\n\n    - Factuur 1001: OK\n    - Factuur 1002: Ongeldige referentie: Btw-code", nil},
		{"Het log:\n\n    1. Factuur 1001: gelukt\n    2. Factuur 2026-0042: mislukt", nil},
		{"Het log:\n\n    [ERROR] Reeds verwerkt\n    - Factuur 1: OK", nil},
		{"De aanvraag:\n\n    POST /api/v1/salesentry\n    Authorization: Bearer **REDACTED**\n    Content-Type: application/json", nil},
		// A writer's steps stay a list, also with a number in them.
		{"Stappen:\n\n    1. Stap 1: open Exact\n    2. Stap 2: klik op **Opslaan**", []Problem{{3, codeSpaces}}},
		{"Stappen:\n\n    - Factuur 1001: open hem\n    - Klik op **Opslaan**", []Problem{{3, codeSpaces}}},
		{"Stappen:\n\n    1. Grootboekrekening 1300: kies Debiteuren.\n    2. Grootboekrekening 1600: kies Crediteuren.", []Problem{{3, codeSpaces}}},
		{"Stappen:\n\n    1. Klik op **Synchroniseren**.\n    2. Wacht tot 10:30:00.", []Problem{{3, codeSpaces}}},
		{"Stappen:\n\n\t- Open **Instellingen**\n\t- Klik op Opslaan om 10:30:00", []Problem{{3, codeTab}}},
		// A label and a colon is a writer's, not a request's header.
		{"Ga naar:\n\n    Menu: **Verkoop > Openstaande posten**\n    Knop: **Afletteren**", []Problem{{3, "this text is indented with 4 spaces, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin" + asCode}}},
		{"Intro.\n\n    Tip: klik op **Opslaan** in het scherm.", []Problem{{3, "this text is indented with 4 spaces, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin" + asCode}}},
		{"Intro.\n\n    Oplossing: klik op **Opslaan**.", []Problem{{3, "this text is indented with 4 spaces, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin" + asCode}}},
		{"Code:\n\n    /**\n     * Export.\n     * @param x\n     */", nil},
		{"Code:\n\n    x = a**2 + b**2\n    y = f[i](z)\n    {\"a\": [1, 2]}", nil},
		{"Code:\n\n```\n- lijst\n**vet** [x](error:y)\n```", nil},
		{"- Stap\n- Stap\n  - sub\n\n  Nog een alinea.\n\n1. Een\n   vervolg\n    en verder", nil},
		{"Tekst die\n    verder ingesprongen doorloopt - zo.", nil},
	}
	r := New()
	for _, tt := range tests {
		if got := r.Render([]byte(tt.src), linker("known")).Problems; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Render(%q).Problems = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestIndentedPartsCount: a part that is in an indented block is there,
// only indented: its one problem says so, no "no solution" follows from it.
func TestIndentedPartsCount(t *testing.T) {
	res := New().Render([]byte("**Oorzaak.** X.\n\n\t**Oplossing.** Kies **Opslaan**."), linker())
	if len(res.Problems) != 1 || res.SolutionLine != 3 {
		t.Errorf("Render: problems %v, solution line %d; want one problem, line 3", res.Problems, res.SolutionLine)
	}
}

func TestRelativeLinks(t *testing.T) {
	links := linker("ongeldige-referentie-btw-code", "al-verwerkt")
	links.Find = finder(map[string]string{
		"ongeldige-referentie-btw-code": "ongeldige-referentie-btw-code",
		"al-verwerkt":                   "reeds-verwerkt",
		"reeds verwerkt":                "reeds-verwerkt",
	})
	tests := []struct {
		src  string
		want string
	}{
		{"[zie ook](ongeldige-referentie-btw-code)", `link "ongeldige-referentie-btw-code" leads to a page that does not exist: "ongeldige-referentie-btw-code" is the id of an error, so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](./ongeldige-referentie-btw-code/)", `link "./ongeldige-referentie-btw-code/" leads to a page that does not exist: "ongeldige-referentie-btw-code" is the id of an error, so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](Ongeldige-Referentie-Btw-Code)", `link "Ongeldige-Referentie-Btw-Code" leads to a page that does not exist: it names the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[oud](al-verwerkt)", `link "al-verwerkt" leads to a page that does not exist: "al-verwerkt" is an old id of the error "reeds-verwerkt", so write (error:reeds-verwerkt)`},
		{"[Exact](www.exactonline.nl)", `link "www.exactonline.nl" leads to a page that does not exist: start a web address with https:// ("https://www.exactonline.nl")`},
		{"[Exact](start.exactonline.nl/docs)", `link "start.exactonline.nl/docs" leads to a page that does not exist: start a web address with https:// ("https://start.exactonline.nl/docs")`},
		{"[pdf](handleiding.pdf)", `link "handleiding.pdf" leads to a page that does not exist: link to an error with (error:<id>), to a web page with its full address (https://...)`},
		{"[categorie](categories/verbinding/)", `link "categories/verbinding/" leads to a page that does not exist: link to an error with (error:<id>), to a web page with its full address (https://...)`},
		{"![scherm](scherm.png)", `image "scherm.png" is not on the site, so the page cannot show it: give its full address (https://...)`},
		{"![s3](../assets/scherm.png)", `image "../assets/scherm.png" is not on the site, so the page cannot show it: give its full address (https://...)`},
		{"[ons](support@bookzo.nl)", `link "support@bookzo.nl" leads to a page that does not exist: for an e-mail address write (mailto:support@bookzo.nl)`},
		// Links between files, as on GitHub.
		{"[zie](../ongeldige-referentie-btw-code.md)", `link "../ongeldige-referentie-btw-code.md" leads to a page that does not exist: it is the file of the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](/content/errors/ongeldige-referentie-btw-code.md)", `link "/content/errors/ongeldige-referentie-btw-code.md" leads to a page that does not exist: it is the file of the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](content/errors/ongeldige-referentie-btw-code.md)", `link "content/errors/ongeldige-referentie-btw-code.md" leads to a page that does not exist: it is the file of the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](al-verwerkt.md)", `link "al-verwerkt.md" leads to a page that does not exist: it is the file of the error "reeds-verwerkt", so write (error:reeds-verwerkt)`},
		{"[zie](ongeldige-referentie-btw-code.html)", `link "ongeldige-referentie-btw-code.html" leads to a page that does not exist: it names the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](errors/Ongeldige-referentie-btw-code)", `link "errors/Ongeldige-referentie-btw-code" leads to a page that does not exist: it names the error "ongeldige-referentie-btw-code", so write (error:ongeldige-referentie-btw-code)`},
		{"[zie](/errors/Al-Verwerkt/#oplossing)", `link "/errors/Al-Verwerkt/#oplossing" leads to a page that does not exist: it names the error "reeds-verwerkt", so write (error:reeds-verwerkt)`},
		{"[zie](../onbekend.md)", `link "../onbekend.md" leads to a page that does not exist: link to an error with (error:<id>), to a web page with its full address (https://...)`},
		// ../ from an error's page is /errors/.
		{"[categorie](../categories/verbinding/)", `link "../categories/verbinding/" leads to a page that does not exist: from an error's page ../ is the list of errors, so write (/categories/verbinding/)`},
		{"[pdf](../handleiding.pdf)", `link "../handleiding.pdf" leads to a page that does not exist: link to an error with (error:<id>), to a web page with its full address (https://...)`},
	}
	r := New()
	for _, tt := range tests {
		got := r.Render([]byte(tt.src), links).Problems
		if want := []Problem{{1, tt.want}}; !reflect.DeepEqual(got, want) {
			t.Errorf("Render(%q).Problems = %v, want %v", tt.src, got, want)
		}
	}
	// Accepted forms, and relative links at the site's root.
	ok := "[a](error:al-verwerkt) [b](Error:al-verwerkt) [c](../al-verwerkt/) [d](../al-verwerkt) [e](/errors/al-verwerkt/) " +
		"[f](/errors/#al-verwerkt) [g](errors/al-verwerkt/) [h](https://help.example.com/errors/al-verwerkt/) [i](../) " +
		"[j](../../categories/x/) [k](#oplossing) [l](?q=x) [m](/categories/x/) [n](https://x.nl) [o](mailto:a@b.nl) [p](tel:+3120) " +
		"[q](<error: al-verwerkt >) ![r](/assets/x.png) ![s](https://x.nl/s.png)"
	if got := r.Render([]byte(ok), links).Problems; got != nil {
		t.Errorf("Render(%q).Problems = %v, want none", ok, got)
	}
	root := links
	root.AtRoot = true
	if got := r.Render([]byte("[c](categories/verbinding/) [e](errors/) ![x](logo.png) [d](../categories/verbinding/) ![y](../assets/x.png) [i](index.html)"), root).Problems; got != nil {
		t.Errorf("Render at the root: problems %v, want none", got)
	}
	// At the root, a bare error name, an e-mail or web address, or a file
	// link lead nowhere too.
	for src, want := range map[string]string{
		"[reeds](ongeldige-referentie-btw-code)": `link "ongeldige-referentie-btw-code" leads to a page that does not exist: "ongeldige-referentie-btw-code" is the id of an error, so write (error:ongeldige-referentie-btw-code)`,
		"[oud](al-verwerkt/)":                    `link "al-verwerkt/" leads to a page that does not exist: "al-verwerkt" is an old id of the error "reeds-verwerkt", so write (error:reeds-verwerkt)`,
		"[titel](Reeds%20verwerkt)":              "",
		"[zie](al-verwerkt.md)":                  `link "al-verwerkt.md" leads to a page that does not exist: it is the file of the error "reeds-verwerkt", so write (error:reeds-verwerkt)`,
		"[ons](support@bookzo.nl)":               `link "support@bookzo.nl" leads to a page that does not exist: for an e-mail address write (mailto:support@bookzo.nl)`,
		"[Exact](www.exactonline.nl)":            `link "www.exactonline.nl" leads to a page that does not exist: start a web address with https:// ("https://www.exactonline.nl")`,
	} {
		var wantPs []Problem
		if want != "" {
			wantPs = []Problem{{1, want}}
		}
		if got := r.Render([]byte(src), root).Problems; !reflect.DeepEqual(got, wantPs) {
			t.Errorf("Render(%q) at the root: problems %v, want %v", src, got, wantPs)
		}
	}
}

func TestRawErrorLinks(t *testing.T) {
	links := linker("reeds-verwerkt")
	links.Find = finder(map[string]string{
		"reeds-verwerkt":                 "reeds-verwerkt",
		"ongeldige referentie: btw-code": "ongeldige-referentie-btw-code",
	})
	tests := []struct {
		src  string
		want []Problem
	}{
		{"Zie [deze](error: reeds-verwerkt).", []Problem{{1, `"[deze](error: reeds-verwerkt)" is shown as typed, not as a link: write (error:reeds-verwerkt) right after the ], with the id and no spaces`}}},
		{"Zie\n[de fout](error:Ongeldige referentie: Btw-code).", []Problem{{2, `"[de fout](error:Ongeldige referentie: Btw-code)" is shown as typed, not as a link: write (error:ongeldige-referentie-btw-code) right after the ], with the id and no spaces`}}},
		{"[deze] (error:reeds-verwerkt)", []Problem{{1, `"[deze] (error:reeds-verwerkt)" is shown as typed, not as a link: write (error:reeds-verwerkt) right after the ], with the id and no spaces`}}},
		{"- [a]( ERROR : onbekend ding)", []Problem{{1, `"[a]( ERROR : onbekend ding)" is shown as typed, not as a link: write (error:<id>) right after the ], with the error's id (see content/errors/) and no spaces`}}},
		{"| a |\n|---|\n| [b](error: reeds-verwerkt |", []Problem{{3, `"[b](error: reeds-verwerkt" is shown as typed, not as a link: write (error:reeds-verwerkt) right after the ], with the id and no spaces`}}},
		{"[x](error:Reeds-Verwerkt)", []Problem{{1, `link "error:Reeds-Verwerkt": no error has the id "Reeds-Verwerkt", but it names the error "reeds-verwerkt": write (error:reeds-verwerkt)`}}},
		{"[x](<error:Ongeldige referentie: Btw-code>)", []Problem{{1, `link "error:Ongeldige referentie: Btw-code": no error has the id "Ongeldige referentie: Btw-code", but it names the error "ongeldige-referentie-btw-code": write (error:ongeldige-referentie-btw-code)`}}},
		{"Code: `[x](error: y)` en\n\n    x := f[i](err)\n\nHet log zegt (error: 503) en [x](error:reeds-verwerkt).", nil},
	}
	r := New()
	for _, tt := range tests {
		if got := r.Render([]byte(tt.src), links).Problems; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Render(%q).Problems = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestMistakesAreBounded: a file of thousands of mistakes reports
// MaxMistakes of them and says there are more, in about the time goldmark
// takes to parse it (go test's timeout catches a quadratic check).
func TestMistakesAreBounded(t *testing.T) {
	const mib = 1 << 20
	fill := func(unit string) string { return strings.Repeat(unit, mib/len(unit)) }
	for _, src := range []string{
		fill("a\n    - b\n\n"),
		fill("a\n\n\t- b\n\n"),
		fill("[a] (error: b) "),
		fill("Oplossing: x\n"),
	} {
		res := New().Render([]byte(src), linker())
		if n := len(res.Problems); n > MaxMistakes+1 {
			t.Errorf("Render(%.20q…): %d problems, want at most %d", src, n, MaxMistakes+1)
		} else if n == MaxMistakes+1 && !strings.HasPrefix(res.Problems[n-1].Msg, "more than 100 mistakes of these kinds") {
			t.Errorf("Render(%.20q…): last problem %q, want the count", src, res.Problems[n-1].Msg)
		}
	}
}

func TestMisspelt(t *testing.T) {
	for w, want := range map[string]bool{
		"oplosing": true, "oplossingen": true, "opossing": true, "oplossnig": true, "oplossen": true,
		"aflossing": false, "aflossingen": false, "verlossing": false, "plossing": false, "oplossingsrichting": false,
		"opvolging": false, "o": false, "": false,
	} {
		if got := misspelt(w, "oplossing"); got != want {
			t.Errorf("misspelt(%q, \"oplossing\") = %t, want %t", w, got, want)
		}
	}
}

// TestMisspeltSolution: a solution whose lead is misspelt, below a cause,
// would show its steps under "no solution yet": the lead is the one problem,
// and counts as the solution, so no warning follows.
func TestMisspeltSolution(t *testing.T) {
	tests := []struct {
		src  string
		want []Problem
	}{
		{"**Oorzaak.** X.\n\n**Oplosing.** Y.", []Problem{{3, `"Oplosing." is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		{"**Oorzaak.** X.\n\n## Oplossingen\n\n1. a", []Problem{{3, `"Oplossingen" is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		{"**Oorzaak.** X.\n\n- *De oplossing:* a", []Problem{{3, `"De oplossing:" is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		// Plain text: the words before ":", ";" or " -".
		{"**Oorzaak.** X.\n\nOplossingen: vul in.", []Problem{{3, `"Oplossingen:" is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		{"**Oorzaak.** X.\n\nDe oplossing: vul in.", []Problem{{3, `"De oplossing:" is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		{"**Oorzaak.** X.\n\nOplosing - vul in.", []Problem{{3, `"Oplosing -" is not read as the solution, so the page would also say that no solution is described yet: write **Oplossing.** at the start of the paragraph`}}},
		{"**Oorzaak.** X.\n\nDe oplossing is eenvoudig: wacht.", nil},
		{"**Oorzaak.** X.\n\nWacht; de oplossing komt.", nil},
		{"**Oorzaak.** X.\n\nOplossingen zijn er niet.", nil},
		// An indented solution is code on the page.
		{"**Oorzaak.** X.\n\n    Oplossing: vul de code in.", []Problem{{3, "this solution is indented with 4 spaces, so the page shows it as code and would also say that no solution is described yet: start each line at the margin"}}},
		{"**Oorzaak.** X.\n\n    ## Oplossing\n\n1. Vul in.", []Problem{{3, "this solution is indented with 4 spaces, so the page shows it as code and would also say that no solution is described yet: start each line at the margin"}}},
		{"**Oorzaak.** X.\n\n\tOplossing\n\tVul in.", []Problem{{3, "this solution is indented with a tab, so the page shows it as code and would also say that no solution is described yet: start each line at the margin"}}},
		{"**Oorzaak.** X.\n\n    Oplossingen: geen\n\n**Oplossing.** Y.", nil},
		{"**Oplosing.** Y.", nil}, // no cause: no "no solution yet"
		{"**Oorzaak.** X.\n\n**Oplosing.** Y.\n\n**Oplossing.** Z.", nil}, // a solution after all
		{"**Oorzaak.** X.\n\n**Let op.** Y.", nil},
		// Real words that are not the lead: another start than "op".
		{"**Oorzaak.** X.\n\n**Aflossing:** in Exact staat een aflossing.", nil},
		{"**Oorzaak.** X.\n\nAflossingen: twee.", nil},
		{"**Oorzaak.** X.\n\n## Verlossing", nil},
	}
	for _, tt := range tests {
		res := New().Render([]byte(tt.src), linker())
		if !reflect.DeepEqual(res.Problems, tt.want) || res.CauseLine > 0 && tt.want != nil && res.SolutionLine == 0 {
			t.Errorf("Render(%q): problems %v, solution line %d; want %v and a solution line", tt.src, res.Problems, res.SolutionLine, tt.want)
		}
	}
}
