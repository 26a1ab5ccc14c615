package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// derivedOf builds the index of docs (each a list of messages, id "e<i>")
// and returns, per doc id, its derived templates as "kind of: tokens".
func derivedOf(t *testing.T, msgs ...[]string) map[string][]string {
	return derivedKinds(t, "inner tail", msgs...)
}

// derivedKinds is derivedOf for the kinds named in kinds only.
func derivedKinds(t *testing.T, kinds string, msgs ...[]string) map[string][]string {
	t.Helper()
	var docs []Doc
	for i, m := range msgs {
		docs = append(docs, Doc{ID: fmt.Sprintf("e%d", i), Title: "t", Messages: m, Category: "c", Severity: "error"})
	}
	c, err := compileDocs(docs, []string{"c"})
	if err != nil {
		t.Fatal(err)
	}
	derive(&c)
	out := map[string][]string{}
	for i, ms := range c.msgs {
		for _, m := range ms {
			if m.kind != "" && strings.Contains(kinds, m.kind) {
				out[docs[i].ID] = append(out[docs[i].ID], fmt.Sprintf("%s %d: %s", m.kind, m.of, strings.TrimSpace(m.t.key())))
			}
		}
	}
	return out
}

func TestDeriveInnerMessageInTheOtherLanguage(t *testing.T) {
	t.Parallel()
	got := derivedOf(t,
		[]string{"Fout bij exporteren van betaling: De objectverwijzing is niet op een exemplaar ingesteld.",
			"Error exporting payment: Object reference not set to an instance of an object."},
		[]string{"Object reference not set to an instance of an object.", "De objectverwijzing is niet op een exemplaar ingesteld."},
	)
	want := []string{
		"inner 0: fout bij exporteren van betaling object reference not set to an instance of an object",
		"inner 0: fout bij exporteren van betaling {exception} object reference not set to an instance of an object",
		"inner 0: fout bij exporteren van betaling {exception} de objectverwijzing is niet op een exemplaar ingesteld",
		"inner 1: error exporting payment {exception} object reference not set to an instance of an object",
		"inner 1: error exporting payment de objectverwijzing is niet op een exemplaar ingesteld",
		"inner 1: error exporting payment {exception} de objectverwijzing is niet op een exemplaar ingesteld",
	}
	if !slices.Equal(got["e0"], want) {
		t.Errorf("wrapper's derived templates = %q, want %q", got["e0"], want)
	}
	if len(got["e1"]) != 0 {
		t.Errorf("the wrapped error got derived templates %q, want none", got["e1"])
	}
}

func TestDeriveTailOfAGenericHead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		msgs [][]string
		want []string // e0's derived templates
	}{
		{"exception class", [][]string{{"InvalidResponseException (500): Ongeldige referentie: Klant"}},
			[]string{"tail 0: ongeldige referentie klant"}},
		{"http wrapper", [][]string{{"The remote server returned an error: (401) Unauthorized."}},
			[]string{"tail 0: 401 unauthorized"}},
		{"error word", [][]string{{"Fout bij exporteren van betaling. Resource not found for the segment 'SalesEntries'."}},
			[]string{"tail 0: resource not found for the segment salesentries"}},
		{"placeholder in the tail", [][]string{{"System.Net.WebException: Time-out na {n} seconden"}},
			[]string{"tail 0: time out na {} seconden"}},
		// A head that says what is wrong is no wrapper: "Btw-code" alone
		// names a field, not the error.
		{"head with meaning", [][]string{{"Ongeldige referentie: Btw-code"}, {"Ongeldige referentie: Klant"}}, nil},
		{"one token", [][]string{{"InvalidResponseException (500): Klant"}}, nil},
		// Two errors with the same tail: the tail tells neither.
		{"shared tail", [][]string{{"Fout bij boeken: Waarde te lang"}, {"Fout bij importeren: Waarde te lang"}}, nil},
		// The tail is another error's message: the wrapper's own matching
		// already wins over it; no tail of its own, but the wrapper with
		// the server's exception class between.
		{"tail is another's message", [][]string{{"Fout bij exporteren: Reeds verwerkt"}, {"Reeds verwerkt"}},
			[]string{"inner 0: fout bij exporteren {exception} reeds verwerkt"}},
		{"placeholder head", [][]string{{"{exception}: Reeds verwerkt"}}, nil},
		{"no boundary", [][]string{{"Error occurred while sending a direct massage or getting the responce"}}, nil},
		{"colon in quotes", [][]string{{"Fout in 'veld: waarde' niet toegestaan"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := derivedOf(t, tc.msgs...)["e0"]
			if !slices.Equal(got, tc.want) {
				t.Errorf("derived templates of %q = %q, want %q", tc.msgs[0], got, tc.want)
			}
		})
	}
}

func TestBoundaries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src  string
		want []string // the heads
	}{
		{"A: b", []string{"A"}},
		{"A. B: c", []string{"A", "A. B"}},
		{"A - b — c", []string{"A", "A - b"}},
		{"1.5 kg: b", []string{"1.5 kg"}},
		{"{x}: b", []string{"{x}"}},
		{"'a: b' c", nil},
		{"a:b", nil},
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", []string{"Periode datum", "Periode datum - tabel bevat geen periode voor deze datum"}},
	} {
		var got []string
		for _, b := range boundaries(tc.src) {
			got = append(got, tc.src[:b.headEnd])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("boundaries(%q) heads = %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestDeriveShapedValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		msg  string
		want []string
	}{
		{"The remote name could not be resolved: 'start.exactonline.nl'", []string{"shape 0: the remote name could not be resolved {host:exactonline}"}},
		{"Resource not found for the segment 'SalesEntries'.", nil},
		{"Relatie 'Bakkerij Jansen' bestaat niet", []string{"shape 0: relatie {quoted} bestaat niet"}},
		{"Relatie 5f1c0a2e-77b1-4e0c-9d1e-2b7a9e1c3f10 bestaat niet", []string{"shape 0: relatie {guid} bestaat niet"}},
		{"Grootboekrekening GL-1234 is geblokkeerd", []string{"shape 0: grootboekrekening {code} is geblokkeerd"}},
		{"Periode 01-01-2026 is gesloten", []string{"shape 0: periode {date} is gesloten"}},
		{"Meer dan 10 fouten: Exact blokkeert 60 minuten", []string{"shape 0: meer dan {number} fouten exact blokkeert {number} minuten"}},
		// A status in parentheses names the error; a namespace is no host;
		// words are no values.
		{"The remote server returned an error: (503) Server Unavailable", nil},
		{"System.Net.WebException: Time-out", nil},
		{"Ongeldige referentie: Klant", nil},
		// A shape right after a placeholder: nothing could tell the two
		// values apart.
		{"Relatie {naam} 'X' bestaat niet", nil},
	} {
		got := derivedKinds(t, "shape", []string{tc.msg})["e0"]
		if !slices.Equal(got, tc.want) {
			t.Errorf("shaped templates of %q = %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func TestValueShapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lit  string
		want string // kind:value ...
	}{
		{"De externe naam kan niet worden omgezet: 'start.exactonline.nl'.", "host:exactonline:start.exactonline.nl"},
		{"segment 'SalesEntries'", ""},
		{"relatie 'Bakkerij Jansen'", "quoted:Bakkerij Jansen"},
		{`veld "Zoekcode 2"`, "quoted:Zoekcode 2"},
		{"{5F1C0A2E-77B1-4E0C-9D1E-2B7A9E1C3F10}", "guid:5F1C0A2E-77B1-4E0C-9D1E-2B7A9E1C3F10"},
		{"op 29-02-2024 en 2024/03/01", "date:29-02-2024 date:2024/03/01"},
		{"INV2024001 en GL-1234", "code:INV2024001 code:GL-1234"},
		{"(429) To Many Requests", ""},
		{"maximaal 60 tekens", "number:60"},
		{"Bookzo.Sync.Post", ""},
		{"één", ""},
	} {
		var got []string
		for _, s := range ValueShapes(tc.lit) {
			got = append(got, s.Pattern()+":"+tc.lit[s.Start:s.End])
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("ValueShapes(%q) = %q, want %q", tc.lit, g, tc.want)
		}
	}
}

func FuzzValueShapes(f *testing.F) {
	for _, s := range []string{"'start.exactonline.nl'", "GL-1234 op 01-01-2026", "{x}", "(503)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		end := 0
		for _, s := range ValueShapes(lit) {
			if s.Start < end || s.End <= s.Start || s.End > len(lit) || s.Kind == "" {
				t.Fatalf("ValueShapes(%q): bad or overlapping shape %+v", lit, s)
			}
			end = s.End
		}
	})
}

// TestShapeVectors reads testdata/search/shapes.json, which the engine's
// test reads too: what Go finds as a value of a shape, the engine accepts
// as one.
func TestShapeVectors(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../testdata/search/shapes.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct{ Note, Value, Kind string }
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&vs); err != nil || len(vs) < 10 {
		t.Fatalf("shapes.json: %v (%d vectors)", err, len(vs))
	}
	for _, v := range vs {
		got := ValueShapes(v.Value)
		switch {
		case v.Kind == "" && len(got) != 0:
			t.Errorf("%s: ValueShapes(%q) = %+v, want none", v.Note, v.Value, got)
		case v.Kind != "" && (len(got) != 1 || got[0].Pattern() != v.Kind):
			t.Errorf("%s: ValueShapes(%q) = %+v, want one %s", v.Note, v.Value, got, v.Kind)
		case v.Kind != "" && v.Kind != "quoted" && (got[0].Start != 0 || got[0].End != len(v.Value)):
			t.Errorf("%s: ValueShapes(%q) = %+v, want the whole value", v.Note, v.Value, got)
		}
	}
}
