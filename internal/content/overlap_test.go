package content

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
)

func mustCompile(t *testing.T, s string) pattern {
	t.Helper()
	if _, err := message.Parse(s); err != nil {
		t.Fatal(err)
	}
	return compile(token.Key(s))
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		a, b    string
		overlap bool
		line    string
	}{
		{"Ongeldige referentie: {veld}", "Ongeldige referentie: Btw-code", true, "ongeldige referentie btw code"},
		// The search reads tokens: accents and punctuation do not keep
		// two templates apart.
		{"Ongeldige référentie - {veld}", "Ongeldige referentie: Btw-code", true, "ongeldige referentie btw code"},
		{"Fout: {a} bij {b}", "Fout - Jansen bij {c}.", true, "fout jansen bij x"},
		{"Ongeldige referentie: Klant", "Ongeldige referentie: Btw-code", false, ""},
		{"Server Unavailable", "The remote server returned an error: (503) Server Unavailable", false, ""},
		{"{x} Server Unavailable", "The remote server returned an error: (503) Server Unavailable", true, "the remote server returned an error 503 server unavailable"},
		{"Fout bij {actie}: {detail}", "Fout bij exporteren van betaling: De objectverwijzing is niet op een exemplaar ingesteld.", true, ""},
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", "Periode datum - tabel bevat geen periode voor deze datum:", false, ""},
		{"a {x} b", "a {y} c", false, ""},
		{"a {x} b", "a {y}", true, "a x b"},
		{"CASE  {x}", "case   y", true, "case y"},
	}
	for _, tt := range tests {
		line, ok := overlap(mustCompile(t, tt.a), mustCompile(t, tt.b))
		if ok != tt.overlap || (tt.line != "" && line != tt.line) {
			t.Errorf("overlap(%q, %q) = %q, %v; want %q, %v", tt.a, tt.b, line, ok, tt.line, tt.overlap)
		}
		// Symmetric.
		if _, ok2 := overlap(mustCompile(t, tt.b), mustCompile(t, tt.a)); ok2 != ok {
			t.Errorf("overlap is not symmetric for %q and %q", tt.a, tt.b)
		}
	}
}

// randomMessage writes a small template of the shapes catalogues have:
// words of a small alphabet (so that runs nest and repeat), placeholders at
// either end and in between, sometimes none.
func randomMessage(r *rand.Rand) string {
	words := []string{"a", "b", "ab", "ba", "fout", "bij", "van", ":", "x y"}
	var b strings.Builder
	n := 1 + r.IntN(5)
	for k := 0; k < n; k++ {
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "{p%d}", k)
			if k+1 < n {
				b.WriteString(" ") // placeholders never touch
			}
			continue
		}
		b.WriteString(words[r.IntN(len(words))])
		if r.IntN(4) > 0 {
			b.WriteString(" ")
		}
	}
	return strings.TrimSpace(b.String())
}

// Property: on random small templates, overlap decides as the reference
// does (shortest: the search of both automata, the check before overlap
// decided by the ends; complete, but its cost is the product of the
// lengths), with the same example line; and where both have a placeholder, the
// line of the proof (construct) matches both as well.
func TestOverlapMatchesReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	overlaps := 0
	defer func() {
		if overlaps < 1000 {
			t.Errorf("only %d of the random pairs overlap: the test says little", overlaps)
		}
	}()
	for n := 0; n < 20000; n++ {
		a, b := randomMessage(r), randomMessage(r)
		ka, kb := token.Key(a), token.Key(b)
		if ka == "" || kb == "" {
			continue
		}
		pa, pb := compile(ka), compile(kb)
		wantLine, want := shortest(pa, pb)
		line, ok := overlap(pa, pb)
		if ok != want || line != wantLine {
			t.Fatalf("overlap(%q, %q) = %q, %v; the reference says %q, %v", a, b, line, ok, wantLine, want)
		}
		if !ok || !pa.hasPlaceholder() || !pb.hasPlaceholder() {
			continue
		}
		overlaps++
		proof := construct(pa, pb, longer(pa.literalPrefix(), pb.literalPrefix()), longer(pa.literalSuffix(), pb.literalSuffix()))
		if lp := literal(proof); !pa.matches(lp) || !pb.matches(lp) {
			t.Fatalf("the line %q made for %q and %q does not match both", proof, a, b)
		}
	}
}

// Property: overlapPairs finds exactly the pairs that comparing every pair
// with the reference finds, each once.
func TestOverlapPairsFindsEveryPairOnce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	pairs := 0
	for round := 0; round < 300; round++ {
		var all []template
		for k := 0; k < 2+r.IntN(30); k++ {
			m := randomMessage(r)
			key := token.Key(m)
			if key == "" {
				continue
			}
			e := &Error{ID: fmt.Sprintf("e%d", k%7)} // some errors have several messages
			all = append(all, newTemplate(e, 0, m, key))
		}
		pair := func(a, b *template) string {
			x, y := a.e.ID+"|"+a.text, b.e.ID+"|"+b.text
			if x > y {
				x, y = y, x
			}
			return x + " ~ " + y
		}
		want := map[string]int{}
		for i := range all {
			for j := i + 1; j < len(all); j++ {
				a, b := &all[i], &all[j]
				if a.e == b.e || a.key == b.key || (!a.ph && !b.ph) {
					continue
				}
				if _, ok := shortest(a.p, b.p); ok {
					want[pair(a, b)]++
				}
			}
		}
		pairs += len(want)
		got := map[string]int{}
		overlapPairs(all, func(a, b *template, _ string) { got[pair(a, b)]++ })
		for k, n := range want {
			if got[k] != n {
				t.Errorf("round %d: pair %s found %d times, want %d", round, k, got[k], n)
			}
		}
		for k := range got {
			if want[k] == 0 {
				t.Errorf("round %d: pair %s found, but the templates do not overlap", round, k)
			}
		}
	}
	if pairs < 500 {
		t.Errorf("only %d overlapping pairs in all rounds: the test says little", pairs)
	}
}

func longer(x, y string) string {
	if len(y) > len(x) {
		return y
	}
	return x
}

// literal is s as a pattern without placeholders.
func literal(s string) pattern {
	var p pattern
	for _, r := range s {
		p = append(p, item{r: r, kind: 'l'})
	}
	return p
}

// Long messages that begin and end alike are decided by their ends, where
// the search of both automata took seconds a pair (BenchmarkOverlaps
// measures it); a literal message is matched against a template. The
// search reads tokens, so the messages are long runs of words, and a long
// word is one token: two templates whose placeholders touch one word ("{x}"
// + a thousand a's) match no line of that one word.
func TestOverlapLongMessages(t *testing.T) {
	t.Parallel()
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("a ", n)) }
	long, word := words(995), strings.Repeat("a", 1990)
	tests := []struct {
		a, b string
		want bool
	}{
		{"{x} " + long, "{y} " + words(750), true},
		{"{x} " + long, "{y} " + words(750) + " b", false},
		{"b {x} " + long, "{y} " + long + " {z}", true},
		{"{x} " + long, long + " b", false},
		{"{x} " + words(500) + " {y} " + words(450), long, true},
		{"{x}" + word, "{y}" + word[:1500], false},
		{"{x}" + word[:1000] + "{y}" + word[:900], word, false},
	}
	for _, tt := range tests {
		line, ok := overlap(mustCompile(t, tt.a), mustCompile(t, tt.b))
		if ok != tt.want {
			t.Errorf("overlap of messages of %d and %d letters = %v, want %v", len(tt.a), len(tt.b), ok, tt.want)
		}
		if ok && (!mustCompile(t, tt.a).matches(literal(line)) || !mustCompile(t, tt.b).matches(literal(line))) {
			t.Errorf("the example line of %d letters does not match both", len(line))
		}
	}
}

// familySite is a catalogue of n errors of the shape real ones have:
// families whose messages share their beginning and have placeholders in
// the same places ("Fout bij {actie} van {object}: Ongeldige referentie:
// X", "X {code} bestaat niet / is geblokkeerd / is niet actief", HTTP
// wrappers around an inner message), Dutch and English, 1 to 4 messages.
// None overlaps another.
func familySite(tb testing.TB, n int) *Site {
	tb.Helper()
	objects := []string{"Relatie", "Artikel", "Dagboek", "Grootboekrekening", "Kostenplaats", "Btw-code", "Valuta", "Betaalconditie", "Project", "Medewerker", "Magazijn", "Verkoper"}
	english := []string{"Account", "Item", "Journal", "GL account", "Cost center", "VAT code", "Currency", "Payment condition", "Project", "Employee", "Warehouse", "Salesperson"}
	s := &Site{}
	for k := 0; k < n; k++ {
		o, en := objects[k%len(objects)], english[k%len(english)]
		v := fmt.Sprintf("%s %d", o, k/len(objects)) // a field of the family, distinct per error
		ve := fmt.Sprintf("%s %d", en, k/len(objects))
		var msgs []string
		switch k % 4 {
		case 0:
			msgs = []string{"Fout bij {actie} van {object}: Ongeldige referentie: " + v, "Error {action} {object}: Invalid reference: " + ve}
		case 1:
			state := []string{"bestaat niet", "is geblokkeerd", "is niet actief"}[k/4%3]
			msgs = []string{v + " {code} " + state, ve + " {code} " + []string{"does not exist", "is blocked", "is not active"}[k/4%3]}
		case 2:
			msgs = []string{"The remote server returned an error: ({status}) " + ve + " failed", "Fout bij {actie} van {object}: " + v + " is verplicht"}
		case 3:
			msgs = []string{"Ongeldige waarde voor " + v + ": {waarde}", "Invalid value for " + ve + ": {value}", "Waarde {waarde} is te lang voor veld " + v, "Value {value} is too long for field " + ve}
		}
		e := &Error{ID: fmt.Sprintf("fam-%06d", k), Path: fmt.Sprintf("content/errors/fam-%06d.md", k), Messages: msgs}
		for _, m := range msgs {
			segs, err := message.Parse(m)
			if err != nil {
				tb.Fatal(err)
			}
			e.segments = append(e.segments, segs)
			e.keys = append(e.keys, token.Key(m))
		}
		s.Errors = append(s.Errors, e)
	}
	return s
}

// BenchmarkOverlaps runs the overlap check on family catalogues:
// go test -run '^$' -bench Overlaps ./internal/content
func BenchmarkOverlaps(b *testing.B) {
	for _, n := range []int{1000, 10000, 40000} {
		s := familySite(b, n)
		fail := func(e *Error, _ int, format string, args ...any) {
			b.Fatalf("%s: "+format, append([]any{e.ID}, args...)...)
		}
		firsts := map[string]msgRef{}
		for _, e := range s.Errors {
			checkMessages(e, firsts, fail)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				s.overlaps(fail, firsts)
			}
		})
	}
}

// TestRefines: a message every line of which another matches, with more
// fixed text, refines it: the search names its lines by it, so the check
// lets the pair be. Two that cross are no refinement.
func TestRefines(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Fout bij boeken van kostenplaats: {detail}", "Fout bij boeken van kostenplaats in Financieel: {detail}", true},
		{"Ongeldige referentie: {veld}", "Ongeldige referentie: Btw-code", true},
		{"Ongeldige referentie: Btw-code", "Ongeldige referentie: {veld}", false},
		{"a {x} b", "a {y}", false},
		{"{x} Server Unavailable", "The remote server returned an error: (503) Server Unavailable", true},
		{"Fout: {a} bij {b}", "Fout - Jansen bij {c}.", true},
		{"Fout bij {a}", "Fout {b} bij x", false},
		{"a b", "a b", false},
	} {
		if got := refines(mustCompile(t, tt.a), mustCompile(t, tt.b)); got != tt.want {
			t.Errorf("refines(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
