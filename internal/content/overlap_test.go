package content

import (
	"testing"

	"github.com/bookzo/exact-help/internal/message"
)

func mustCompile(t *testing.T, s string) pattern {
	t.Helper()
	segs, err := message.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return compile(segs)
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		a, b    string
		overlap bool
		line    string
	}{
		{"Ongeldige referentie: {veld}", "Ongeldige referentie: Btw-code", true, "ongeldige referentie: btw-code"},
		{"Ongeldige referentie: Klant", "Ongeldige referentie: Btw-code", false, ""},
		{"Server Unavailable", "The remote server returned an error: (503) Server Unavailable", false, ""},
		{"{x} Server Unavailable", "The remote server returned an error: (503) Server Unavailable", true, "the remote server returned an error: (503) server unavailable"},
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
