package search

import (
	"fmt"

	"github.com/bookzo/exact-help/internal/search/token"
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
				out[docs[i].ID] = append(out[docs[i].ID], fmt.Sprintf("%s %d: %s", m.kind, m.of, m.t.key()))
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
		// Numbers of one to three digits are a message's limits and counts.
		{"Meer dan 10 fouten: Exact blokkeert 60 minuten", nil},
		{"Boeking 20260042 bestaat al", []string{"shape 0: boeking {number} bestaat al"}},
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

// TestKeyIsTokenKey: the index tells templates apart as content's checks
// do (token.Key), so a pair check lets through is a pair the engine tells
// apart.
func TestKeyIsTokenKey(t *testing.T) {
	t.Parallel()
	docs, _ := realDocs(t)
	for _, d := range docs {
		for _, m := range d.Messages {
			tm, err := compile(m)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := tm.key(), token.Key(m); got != want {
				t.Errorf("key(%q) = %q, token.Key = %q", m, got, want)
			}
		}
	}
}
