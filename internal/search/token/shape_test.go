package token

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/message"
)

// show writes the shapes of literal as "kind:text" items, for tests.
func show(literal string, shapes []Shape) []string {
	var out []string
	for _, s := range shapes {
		out = append(out, fmt.Sprintf("%s:%s", s.Kind, literal[s.Start:s.End]))
	}
	return out
}

func TestValueShapes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// The seed's host, in quotes: the placeholder goes between them.
		{"De externe naam kan niet worden omgezet: 'start.exactonline.nl'.", []string{"host:start.exactonline.nl"}},
		{"The remote name could not be resolved: 'start.exactonline.nl'", []string{"host:start.exactonline.nl"}},
		{"Verbinding met start.exactonline.co.uk:443 mislukt", []string{"host:start.exactonline.co.uk:443"}},
		{"GET https://start.exactonline.nl/api/v1/123/salesentries failed", []string{"host:start.exactonline.nl"}},
		{"Server 10.0.0.12 antwoordt niet", []string{"host:10.0.0.12"}},
		// HTTP status codes are the message's fixed text.
		{"De externe server heeft een fout geretourneerd: (401) Niet gemachtigd.", nil},
		{"The remote server returned an error: (503) Server Unavailable", nil},
		{"(429) Too Many Requests", nil},
		{"InvalidResponseException (500): Ongeldige referentie: Klant", nil},
		// So are limits, counts, versions, hexadecimal and .NET names.
		{"Waarde te lang voor veld Omschrijving: maximaal 60 tekens", nil},
		{"More than 10 errors: Exact blocks for 60 minutes", nil},
		{"TLS 1.2 is vereist", nil},
		{"0x80070005 (E_ACCESSDENIED)", nil},
		{"AADSTS50011: The redirect URI does not match", nil},
		{"System.Net.WebException: ASP.NET in web.config and Node.js", nil},
		{"OAuth2 token with SHA256", nil},
		// Program words in quotes name the error.
		{"Fout bij exporteren van betaling. Resource not found for the segment 'SalesEntries'.", nil},
		{"The field 'Description' must be a string", nil},
		{"Type 'System.String' cannot be converted", nil},
		// Customers' values.
		{"Relatie 'Leverancier Jansen' is geblokkeerd", []string{"quoted:Leverancier Jansen"}},
		{`Klant "Van Dijk BV" bestaat niet`, []string{"quoted:Van Dijk BV"}},
		{"Klant ‘Bakkerij De Roos’ en „Jansen & Zn”", []string{"quoted:Bakkerij De Roos", "quoted:Jansen & Zn"}},
		{"Dagboek '70' bestaat niet", []string{"quoted:70"}},
		{"Factuur 20260042 bestaat niet", []string{"number:20260042"}},
		{"Grootboekrekening 1300 is geblokkeerd.", []string{"number:1300"}},
		{"Bedrag € 1.234,56 wijkt af van 12,50", []string{"number:1.234,56", "number:12,50"}},
		{"Boeking #0042 bestaat al", []string{"number:0042"}},
		{"GUID 3f2504e0-4f89-11d3-9a0c-0305e82c3301 niet gevonden", []string{"guid:3f2504e0-4f89-11d3-9a0c-0305e82c3301"}},
		{"Entry {{3F2504E0-4F89-11D3-9A0C-0305E82C3301}} is locked", []string{"guid:3F2504E0-4F89-11D3-9A0C-0305E82C3301"}},
		{"Geen periode voor datum 2026-11-24", []string{"date:2026-11-24"}},
		{"Geen periode voor 24-11-2026, 24/11/2026 of 24.11.2026", []string{"date:24-11-2026", "date:24/11/2026", "date:24.11.2026"}},
		{"Run van 2026-11-24 10:30:00 mislukt", []string{"date:2026-11-24 10:30:00"}},
		{"Run van 2026-11-24T10:30:00.123Z mislukt", []string{"date:2026-11-24T10:30:00.123Z"}},
		{"Gestart om 10:30 en om 9:05:59", []string{"date:10:30", "date:9:05:59"}},
		{"Boekstuk GL-1234 en INV2026001 en F2026-0042", []string{"code:GL-1234", "code:INV2026001", "code:F2026-0042"}},
		{"Factuur VF/2026/0042 of 2026-0042 of 001/2026", []string{"code:VF/2026/0042", "code:2026-0042", "code:001/2026"}},
		{"Factuur 'F2026-0042' is al betaald", []string{"code:F2026-0042"}},
		// Not dates, not hosts, not pairs of quotes.
		{"Datum 2026-13-01 of 32-01-2026 of 24-11/2026 of 25:00", []string{"code:2026-13-01", "code:32-01-2026", "code:24-11/2026"}},
		{"De foto's van Jan zijn weg", nil},
		{"'s Avonds gaat het mis", nil},
		{"Een lege '' of ' ' telt niet", nil},
		{"e.g. i.e. o.a. b.v. m.b.t.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := show(tt.in, ValueShapes(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("ValueShapes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkShapes checks the promises of ValueShapes for literal: spans in
// order, apart, at token boundaries, each with a token; and a span that is
// not ShapeQuoted is, on its own, one span of the same kind.
func checkShapes(t *testing.T, literal string) {
	t.Helper()
	shapes := ValueShapes(literal)
	var toks []string
	at := 0
	for _, s := range shapes {
		if s.Start < at || s.End <= s.Start || s.End > len(literal) {
			t.Fatalf("ValueShapes(%q) = %v: span %v is out of order or bounds", literal, shapes, s)
		}
		switch s.Kind {
		case ShapeHost, ShapeQuoted, ShapeNumber, ShapeGUID, ShapeDate, ShapeCode:
		default:
			t.Fatalf("ValueShapes(%q): span %v has an unknown kind", literal, s)
		}
		in := Split(literal[s.Start:s.End])
		if len(in) == 0 {
			t.Fatalf("ValueShapes(%q): span %q holds no token", literal, literal[s.Start:s.End])
		}
		toks = append(append(toks, Split(literal[at:s.Start])...), in...)
		at = s.End
		if s.Kind != ShapeQuoted {
			v := literal[s.Start:s.End]
			if again := ValueShapes(v); len(again) != 1 || again[0] != (Shape{Start: 0, End: len(v), Kind: s.Kind, Name: s.Name}) {
				t.Fatalf("ValueShapes(%q) has %s %q, but ValueShapes(%q) = %v", literal, s.Kind, v, v, again)
			}
		}
	}
	toks = append(toks, Split(literal[at:])...)
	if want := Split(literal); !slices.Equal(toks, want) {
		t.Fatalf("ValueShapes(%q) = %v cuts tokens: the spans and the text between them give %q, the literal %q", literal, shapes, toks, want)
	}
}

// realMessages returns the messages of the real content's error files,
// read as plain lines (package content imports this one).
func realMessages(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("../../../content/errors/*.md")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no real content: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if l := strings.TrimSpace(line); strings.HasPrefix(l, `"`) && strings.HasSuffix(strings.TrimSuffix(l, ","), `"`) {
				out = append(out, strings.Trim(strings.TrimSuffix(l, ","), `"`))
			}
		}
	}
	return out
}

func TestValueShapesInvariants(t *testing.T) {
	for _, tt := range []string{"'a' 'b'", "x'1234'y 1234", "a\u0301'1234'", "\u03011234\u0301", "'\u0301x'", "1234'5678'"} {
		checkShapes(t, tt)
	}
	for _, m := range realMessages(t) {
		checkShapes(t, m)
	}
}

// FuzzValueShapes checks the promises of ValueShapes (checkShapes) on any
// text, seeded with the table's and the real content's messages.
func FuzzValueShapes(f *testing.F) {
	for _, m := range realMessages(f) {
		segs, err := message.Parse(m)
		if err != nil {
			continue
		}
		for _, s := range segs {
			if !s.Placeholder {
				f.Add(s.Text)
			}
		}
	}
	for _, s := range []string{
		"De externe naam kan niet worden omgezet: 'start.exactonline.nl'.",
		"Run van 2026-11-24 10:30:00 mislukt", "Klant ‘Bakkerij’ en „Jansen & Zn”",
		"GET https://user@start.exactonline.nl:443/x?y", "F2026-0042, 1.234,56 en {3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, literal string) {
		checkShapes(t, literal)
	})
}

// TestShapeVectors reads testdata/search/shapes.json, which the engine's
// test reads too: what Go finds as a value of a shape, the engine accepts
// as one.
func TestShapeVectors(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../../testdata/search/shapes.json")
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
