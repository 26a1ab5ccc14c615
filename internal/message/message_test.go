package message

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

func TestParse(t *testing.T) {
	lit := func(s string) Segment { return Segment{Text: s} }
	ph := func(s string) Segment { return Segment{Text: s, Placeholder: true} }
	tests := []struct {
		in   string
		want []Segment
	}{
		{"Reeds verwerkt", []Segment{lit("Reeds verwerkt")}},
		{"deze datum: {datum}", []Segment{lit("deze datum: "), ph("datum")}},
		{"{veld} is leeg", []Segment{ph("veld"), lit(" is leeg")}},
		{"a {x1} b {y_2} c", []Segment{lit("a "), ph("x1"), lit(" b "), ph("y_2"), lit(" c")}},
		{"json {{x}} here", []Segment{lit("json {x} here")}},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q) error %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"a } b", 2, `unbalanced brace: "}" closes nothing (write }} for a literal })`},
		{"a { b", 2, "unbalanced brace: a { that is never closed (write {{ for a literal {)"},
		{"a {b {c}", 2, "unbalanced brace: a { that is never closed (write {{ for a literal {)"},
		{"x {}", 2, "bad placeholder {}: the name is empty; use a name such as {datum}"},
		{"x {Datum}", 2, "bad placeholder {Datum}: a name starts with a lower-case letter a-z"},
		{"x {1a}", 2, "bad placeholder {1a}: a name starts with a lower-case letter a-z"},
		{"x {da tum}", 2, "bad placeholder {da tum}: a name holds only lower-case letters a-z, digits and _"},
		{"x {dátum}", 2, "bad placeholder {dátum}: a name holds only lower-case letters a-z, digits and _"},
		{"x {a}{b}", 5, "placeholder {b} follows {a} directly: put literal text between them"},
		{"x {abcdefghijabcdefghijabcdefghijabc}", 2, "bad placeholder {abcdefghijabcdefghijabcdefghijabc}: the name is longer than 32 characters"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) error = %v, want *Error", tt.in, err)
			continue
		}
		if e.Offset != tt.offset || e.Msg != tt.msg {
			t.Errorf("Parse(%q) error = %d %q, want %d %q", tt.in, e.Offset, e.Msg, tt.offset, tt.msg)
		}
	}
}

func TestSourceRoundTrip(t *testing.T) {
	for _, in := range []string{"a {b} c", "{x}: y", "plain", "json {{x}} and }}"} {
		segs, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Source(segs); got != in {
			t.Errorf("Source(Parse(%q)) = %q", in, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	// Every message of the real content.
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "errors", "*.md"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)^\s*"(.*)",?$`).FindAllSubmatch(b, -1) {
			f.Add(string(m[1]))
		}
	}
	for _, s := range []string{"a {b} c", "{{x}}", "x {", "}", "{a}{b}", "Periode datum - tabel bevat geen periode voor deze datum: {datum}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		segs, err := Parse(s)
		if err != nil {
			return
		}
		// Source is the inverse of Parse.
		again, err := Parse(Source(segs))
		if err != nil || !reflect.DeepEqual(segs, again) {
			t.Errorf("Parse(Source(Parse(%q))) = %#v, %v; want %#v", s, again, err, segs)
		}
	})
}
