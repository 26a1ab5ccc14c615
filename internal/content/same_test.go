package content

import (
	"testing"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
)

func TestDifferences(t *testing.T) {
	tests := []struct {
		a, b, want string
	}{
		{"Geen periode voor datum {d}", "Geen période voor datum {d}", "accents"},
		{"Geen periode voor datum {d}", "Geen pe\u0301riode voor datum {d}", "accents"},
		{"Reeds verwerkt", "reeds verwerkt", "case"},
		{"Reeds verwerkt", "Reeds  verwerkt", "spacing"},
		{"Reeds verwerkt", "Reeds verwerkt.", "punctuation"},
		{"Fout: {x}", "Fout : {x}", "spacing"},
		{"Btw-code", "Btw code", "spacing and punctuation"},
		{"Période", "periode", "case and accents"},
		{"Factuur {factuur} ontbreekt", "Factuur {nummer} ontbreekt", "the names of their placeholders"},
		{"Reeds verwerkt", "Reeds ver\u200bwerkt", "spacing"},
		{"Kelvin", "\u212Aelvin", "letters the search reads as the same"}, // the Kelvin sign
	}
	for _, tt := range tests {
		if token.Key(tt.a) != token.Key(tt.b) {
			t.Fatalf("test setup: %q and %q have other keys", tt.a, tt.b)
		}
		sa, _ := message.Parse(tt.a)
		sb, _ := message.Parse(tt.b)
		if got := differences(sa, sb); got != tt.want {
			t.Errorf("differences(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestAnother(t *testing.T) {
	tests := []struct {
		v    string
		kind token.ShapeKind
		want string
	}{
		{"start.exactonline.nl", token.ShapeHost, "start.exactonline.be"},
		{"start.exactonline.be", token.ShapeHost, "start.exactonline.nl"},
		{"start.exactonline.co.uk", token.ShapeHost, "start.exactonline.nl"},
		{"start.exactonline.com:443", token.ShapeHost, "start.exactonline.nl:443"},
		{"10.0.0.12", token.ShapeHost, "10.0.0.11"},
		{"20260042", token.ShapeNumber, "20260041"},
		{"2026-11-31", token.ShapeDate, "2026-11-30"},
		{"2026-11-01", token.ShapeDate, "2026-11-02"},
		{"10:30:00", token.ShapeDate, "10:30:01"},
		{"2026-11-24T10:30:00Z", token.ShapeDate, "2026-11-24T10:30:01Z"},
		{"3f2504e0-4f89-11d3-9a0c-0305e82c330a", token.ShapeGUID, "3f2504e0-4f89-11d3-9a0c-0305e82c330b"},
		{"GL-1234", token.ShapeCode, "GL-1233"},
		{"Van Dijk BV", token.ShapeQuoted, ""},
	}
	for _, tt := range tests {
		if got := another(tt.v, tt.kind); got != tt.want {
			t.Errorf("another(%q, %s) = %q, want %q", tt.v, tt.kind, got, tt.want)
		}
		if got := another(tt.v, tt.kind); got != "" && token.ValueShapes(got)[0].Kind != tt.kind {
			t.Errorf("another(%q, %s) = %q, which is no %s", tt.v, tt.kind, got, tt.kind)
		}
	}
}
