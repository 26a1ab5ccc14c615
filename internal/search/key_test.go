package search

import (
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/search/token"
)

// partsKey writes a compiled template's parts as token.Key writes a key.
func partsKey(t *template) string {
	var words []string
	for _, p := range t.parts {
		if p == nil {
			words = append(words, token.Placeholder)
		}
		words = append(words, p...)
	}
	return strings.Join(words, " ")
}

// FuzzKeyIsCompiledParts checks that token.Key, which the content checks
// compare messages by, is what the engine matches: the compiled template's
// parts, placeholders in their places.
func FuzzKeyIsCompiledParts(f *testing.F) {
	docs, _ := realDocs(f)
	for _, d := range docs {
		for _, m := range d.Messages {
			f.Add(m)
		}
	}
	f.Add("Geen période voor datum {d}")
	f.Add("{a} - {b}")
	f.Add("json {{x}} {y}")
	f.Fuzz(func(t *testing.T, tmpl string) {
		tm, err := compile(tmpl)
		key := token.Key(tmpl)
		if err != nil {
			if key != "" {
				t.Fatalf("token.Key(%q) = %q for a template that does not compile (%v)", tmpl, key, err)
			}
			return
		}
		if want := partsKey(tm); key != want {
			t.Fatalf("token.Key(%q) = %q, but the engine compiles it to %q", tmpl, key, want)
		}
	})
}
