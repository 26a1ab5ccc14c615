package search

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize checks the tokenizer's invariants: tokens are non-empty,
// hold only word characters, and are already folded (tokenizing a token
// gives the token back, or its ideographs one by one).
func FuzzTokenize(f *testing.F) {
	for _, v := range readVectors(f) {
		f.Add(v.In)
	}
	docs, _ := realDocs(f)
	for _, d := range docs {
		f.Add(d.Title)
		f.Add(d.Text)
		for _, m := range d.Messages {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		if want := tokenizeRunes(s); !slices.Equal(toks, want) {
			t.Fatalf("Tokenize(%q) = %q, but the plain rune-by-rune tokenizer gives %q", s, toks, want)
		}
		for _, tok := range toks {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokenize(%q) holds the token %q", s, tok)
			}
			again := Tokenize(tok)
			if strings.Join(again, "") != tok {
				t.Fatalf("Tokenize(%q) = %q, a token of Tokenize(%q); want it unchanged", tok, again, s)
			}
		}
	})
}

// tokenizeRunes is Tokenize without its ASCII fast path: every rune folded
// and classified on its own, as the package documentation says.
func tokenizeRunes(text string) []string {
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range text {
		for _, c := range foldRune(r) {
			switch {
			case ideograph(c):
				flush()
				toks = append(toks, string(c))
			case wordRune(c):
				cur.WriteRune(c)
			default:
				flush()
			}
		}
	}
	flush()
	return toks
}

// FuzzCompile checks the template compiler: a template that compiles
// matches itself with any value put in its placeholders, with a log prefix
// and suffix around it.
func FuzzCompile(f *testing.F) {
	docs, _ := realDocs(f)
	for _, d := range docs {
		for _, m := range d.Messages {
			f.Add(m, "Jansen Bouw B.V.")
		}
	}
	f.Add("Periode datum - tabel bevat geen periode voor deze datum: {datum}", "31-12-2027")
	f.Add("{veld} is leeg: {waarde}.", "'{x}'")
	f.Add("json {{x}} {y}", "}}")
	f.Fuzz(func(t *testing.T, tmpl, value string) {
		tm, err := compile(tmpl)
		if err != nil {
			return
		}
		var line strings.Builder
		line.WriteString("2026-11-03 09:14:22 ERROR Factuur 2024-00123: ")
		// Rebuild the line from the template's source: placeholders become
		// the value, escaped braces literal braces.
		src := tmpl
		for len(src) > 0 {
			switch {
			case strings.HasPrefix(src, "{{"):
				line.WriteString("{")
				src = src[2:]
			case strings.HasPrefix(src, "}}"):
				line.WriteString("}")
				src = src[2:]
			case src[0] == '{':
				end := strings.IndexByte(src, '}')
				line.WriteString(" " + value + " ")
				src = src[end+1:]
			default:
				line.WriteByte(src[0])
				src = src[1:]
			}
		}
		line.WriteString(" (poging 1)")
		if !tm.matches(line.String()) {
			t.Fatalf("compile(%q).matches(%q) = false, want true", tmpl, line.String())
		}
		if slices.ContainsFunc(tm.parts, func(p []string) bool { return p != nil && len(p) == 0 }) {
			t.Fatalf("compile(%q) holds an empty literal run", tmpl)
		}
	})
}

// FuzzIndexFiles feeds the readers of the index's files (meta.json, term
// shards, doc shards, whose parts may name a shape) any bytes, seeded with
// every file a build of the real site writes: they return an error or a
// value, never panic, and what they read writes back as it was read.
func FuzzIndexFiles(f *testing.F) {
	docs, cats := realDocs(f)
	files, err := Build(docs, cats)
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f.Add(files[name])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if m, err := readMeta(b); err == nil && m.Version != Version {
			t.Fatalf("readMeta read version %d", m.Version)
		}
		var d docShardJSON
		if json.Unmarshal(b, &d) == nil {
			again, err := json.Marshal(d)
			if err != nil {
				t.Fatalf("a doc shard read from %q does not write: %v", b, err)
			}
			var d2 docShardJSON
			if err := json.Unmarshal(again, &d2); err != nil || !reflect.DeepEqual(d, d2) {
				t.Fatalf("a doc shard does not read back as written: %v", err)
			}
		}
		var ts termShardJSON
		if json.Unmarshal(b, &ts) == nil {
			for _, raw := range ts.Terms {
				var e termJSON
				_ = json.Unmarshal(raw, &e)
			}
		}
	})
}
