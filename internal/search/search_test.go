package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
)

type vector struct {
	Note string   `json:"note"`
	In   string   `json:"in"`
	Want []string `json:"want"`
}

// readVectors reads testdata/search/tokenize.json strictly: unknown keys,
// missing keys and trailing data are errors.
func readVectors(t testing.TB) []vector {
	t.Helper()
	b, err := os.ReadFile("../../testdata/search/tokenize.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var vs []vector
	for i, r := range raw {
		if len(r) != 3 || r["note"] == nil || r["in"] == nil || r["want"] == nil {
			t.Fatalf("tokenize.json entry %d: want exactly the keys note, in, want", i)
		}
		var v vector
		for k, p := range map[string]any{"note": &v.Note, "in": &v.In, "want": &v.Want} {
			d := json.NewDecoder(bytes.NewReader(r[k]))
			d.DisallowUnknownFields()
			if err := d.Decode(p); err != nil {
				t.Fatalf("tokenize.json entry %d: %s: %v", i, k, err)
			}
		}
		if v.Want == nil {
			t.Fatalf("tokenize.json entry %d: want is null", i)
		}
		vs = append(vs, v)
	}
	if len(vs) < 30 {
		t.Fatalf("tokenize.json has %d vectors, want at least 30", len(vs))
	}
	return vs
}

func TestTokenizeVectors(t *testing.T) {
	for _, v := range readVectors(t) {
		got := Tokenize(v.In)
		if got == nil {
			got = []string{}
		}
		if !reflect.DeepEqual(got, v.Want) {
			t.Errorf("Tokenize(%q) = %q, want %q (%s)", v.In, got, v.Want, v.Note)
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Reeds verwerkt", []string{"reeds", "verwerkt"}},
		{"(503)", []string{"503"}},
		{"grootboekrekeningtype", []string{"grootboekrekeningtype"}},
		{"'start.exactonline.nl'.", []string{"start", "exactonline", "nl"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTemplateMatches(t *testing.T) {
	tests := []struct {
		tmpl, line string
		want       bool
	}{
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", "Periode datum - tabel bevat geen periode voor deze datum: 31-12-2027", true},
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", "2026-11-03 ERROR Periode datum - tabel bevat geen periode voor deze datum: 1-1-2028 0:00", true},
		{"Identifier cannot be empty: {veld}", "Identifier cannot be empty:", true},
		{"Identifier cannot be empty: {veld}", "Identifier can be empty", false},
		{"Klant {naam} bestaat niet in {administratie}", "Klant 'Jansen Bouw B.V.' bestaat niet in Bookzo BV", true},
		{"Klant {naam} bestaat niet in {administratie}", "Klant bestaat niet", false},
		{"Ongeldige referentie: Btw-code", "Ongeldige referentie:Btw-code", true},
		{"Ongeldige referentie: Btw-code", "Ongeldige referentie: Klant", false},
	}
	for _, tt := range tests {
		tm, err := compile(tt.tmpl)
		if err != nil {
			t.Fatalf("compile(%q): %v", tt.tmpl, err)
		}
		if got := tm.matches(tt.line); got != tt.want {
			t.Errorf("compile(%q).matches(%q) = %v, want %v", tt.tmpl, tt.line, got, tt.want)
		}
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
	}{
		{"Reeds verwerkt", [][]string{{"reeds", "verwerkt"}}},
		{"deze datum: {datum}", [][]string{{"deze", "datum"}, nil}},
		{"{veld} is leeg: {waarde}.", [][]string{nil, {"is", "leeg"}, nil}},
		{"json {{x}} here", [][]string{{"json", "x", "here"}}},
	}
	for _, tt := range tests {
		tm, err := compile(tt.in)
		if err != nil {
			t.Fatalf("compile(%q): %v", tt.in, err)
		}
		if !reflect.DeepEqual(tm.parts, tt.want) {
			t.Errorf("compile(%q) = %q, want %q", tt.in, tm.parts, tt.want)
		}
	}
	if _, err := compile("a {B}"); err == nil {
		t.Errorf("compile(%q) succeeded, want an error", "a {B}")
	}
}

// realDocs loads the site's real content.
func realDocs(t testing.TB) ([]Doc, []string) {
	t.Helper()
	s, ds := content.Load(os.DirFS("../.."))
	if s == nil || len(ds.Errors()) > 0 {
		t.Fatalf("loading the real content: %v", ds)
	}
	var docs []Doc
	for _, e := range s.Errors {
		docs = append(docs, Doc{ID: e.ID, Title: e.Title, Messages: e.Messages, Category: e.Category,
			Severity: e.Severity, Status: e.Status, Tags: e.Tags, Aliases: e.Aliases, Text: string(e.Body)})
	}
	var cats []string
	for _, c := range s.Config.Categories {
		cats = append(cats, c.Name)
	}
	return docs, cats
}

func TestBuildDeterministic(t *testing.T) {
	docs, cats := realDocs(t)
	a, err := Build(docs, cats)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Build(docs, cats)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two builds of the same docs differ")
		}
	}
	m, err := readMeta(a["meta.json"])
	if err != nil {
		t.Fatal(err)
	}
	// Every file meta.json names exists, and every file is named.
	named := map[string]bool{"meta.json": true, fileName("i", 0, m.Stamp): true}
	for _, v := range m.docShards() {
		named[v] = true
	}
	for _, v := range m.termShards() {
		named[v] = true
	}
	for name := range a {
		if !named[name] {
			t.Errorf("file %s is not named in meta.json", name)
		}
		delete(named, name)
	}
	for name := range named {
		t.Errorf("meta.json names %s, which was not written", name)
	}
}

// TestBuildFilesReadBack reads every file of an index back as the engine
// does: each doc once, in order, in the doc shard docFirst leads it to; each
// term in the shard of the longest key that starts it, its postings naming
// docs of the index. One doc's body holds 2,000 words that start with "qu"
// (and "q" and "qu" themselves), so that shards are split twice.
func TestBuildFilesReadBack(t *testing.T) {
	docs, cats := realDocs(t)
	var body strings.Builder
	body.WriteString("q qu")
	for i := range 2000 {
		fmt.Fprintf(&body, " qu%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676)
	}
	docs = append(docs, Doc{ID: "zz-splits", Title: "Splits", Messages: []string{"Splits {x}"}, Category: cats[0], Text: body.String()})
	files, err := Build(docs, cats)
	if err != nil {
		t.Fatal(err)
	}
	m, err := readMeta(files["meta.json"])
	if err != nil {
		t.Fatal(err)
	}
	docShards, termShards := m.docShards(), m.termShards()
	var info docInfoJSON
	infoName := fileName("i", 0, m.Stamp)
	if err := json.Unmarshal(files[infoName], &info); err != nil || info.Version != Version || len(info.DocCategory) != len(docs) || len(info.DocFirst) != len(docShards) {
		t.Fatalf("%s: %v, version %d, %d categories for %d docs, %d first ids for %d doc shards", infoName, err, info.Version, len(info.DocCategory), len(docs), len(info.DocFirst), len(docShards))
	}
	var ids []string
	for i, name := range docShards {
		var shard docShardJSON
		if err := json.Unmarshal(files[name], &shard); err != nil || shard.Version != Version || len(shard.Docs) == 0 {
			t.Fatalf("%s: %v, version %d, %d docs", name, err, shard.Version, len(shard.Docs))
		}
		if shard.Docs[0].ID != info.DocFirst[i] {
			t.Errorf("%s starts with %s, docFirst says %s", name, shard.Docs[0].ID, info.DocFirst[i])
		}
		for _, d := range shard.Docs {
			if n := len(d.Messages) + len(d.Derived); len(d.Parts) != n || len(d.Telling) != n {
				t.Errorf("%s: %d messages and %d derived templates, %d parts, %d telling lists", d.ID, len(d.Messages), len(d.Derived), len(d.Parts), len(d.Telling))
			}
			for _, x := range d.Derived {
				if x.Of < 0 || x.Of >= len(d.Messages) || x.Kind != derivedInner && x.Kind != derivedTail && x.Kind != derivedShape {
					t.Errorf("%s: derived template %+v names no message or kind", d.ID, x)
				}
			}
			ids = append(ids, d.ID)
		}
	}
	var want []string
	for _, d := range docs {
		want = append(want, d.ID)
	}
	if !slices.Equal(ids, want) || m.Docs != len(docs) {
		t.Fatalf("doc shards hold %d docs (%d in meta.json), want the %d given, in order", len(ids), m.Docs, len(docs))
	}
	for _, key := range []string{"q", "qu", "qua", "quz"} {
		if termShards[key] == "" {
			t.Errorf("no term shard for %q", key)
		}
	}
	// words are the shards' terms that do not begin with a digit, sorted:
	// the engine trusts the list to say a word is not there.
	var words []string
	for key, name := range termShards {
		var shard termShardJSON
		if err := json.Unmarshal(files[name], &shard); err != nil || shard.Version != Version {
			t.Fatalf("%s: %v, version %d", name, err, shard.Version)
		}
		for term, b := range shard.Terms {
			if term[0] < '0' || term[0] > '9' {
				words = append(words, term)
			}
			if k := shardKey(termShards, term); k != key {
				t.Errorf("%q is in the shard of %q, but the engine looks in that of %q", term, key, k)
			}
			var e termJSON
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("%s: %q: %v", name, term, err)
			}
			for _, p := range []struct {
				list []int32
				n    int
			}{{e.Msg, 3}, {e.Field, 2}, {e.Anchor, 6}} {
				doc := 0
				for j := 0; j < len(p.list); j += p.n {
					if doc += int(p.list[j]); doc >= len(docs) || len(p.list)%p.n != 0 {
						t.Fatalf("%q: postings %v name no doc of the index", term, p.list)
					}
				}
			}
		}
	}
	slices.Sort(words)
	if !slices.Equal(words, m.Words) || !slices.Contains(words, "quaaa") {
		t.Errorf("meta.json's words are %d terms, the shards' words %d", len(m.Words), len(words))
	}
}

// shardKey returns the longest key of termShards that starts term.
func shardKey(termShards map[string]string, term string) string {
	for n := maxKey; n > 0; n-- {
		if k := prefixRunes(term, n); termShards[k] != "" {
			return k
		}
	}
	return ""
}

func TestBuildRefusesBadInput(t *testing.T) {
	ok := Doc{ID: "a", Title: "A", Messages: []string{"Reeds verwerkt"}, Category: "c", Severity: "error"}
	with := func(f func(d *Doc)) []Doc {
		d := ok
		d.Messages = slices.Clone(ok.Messages)
		f(&d)
		return []Doc{d}
	}
	tests := []struct {
		name string
		docs []Doc
		want string
	}{
		{"unknown category", with(func(d *Doc) { d.Category = "x" }), `a: unknown category "x"`},
		{"bad template", with(func(d *Doc) { d.Messages = []string{"a {"} }), `a: message "a {": unbalanced brace`},
		{"only a placeholder", with(func(d *Doc) { d.Messages = []string{"{x}: "} }), `a: message "{x}: " has no words outside its placeholders`},
	}
	for _, tt := range tests {
		_, err := Build(tt.docs, []string{"c"})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Build(%s) error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestReadMetaRefusesOtherVersions(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`{"version":1}`, "search index: version 1 is not supported (this reader reads version 4); rebuild the site"},
		{`{"docs":1}`, "search index: meta.json has no version"},
		{`[`, "search index: meta.json: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		_, err := readMeta([]byte(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("readMeta(%s) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestHolds(t *testing.T) {
	for _, c := range []struct {
		tmpl, line string
		want       bool
	}{
		{"Ongeldige referentie: Btw-code", "Factuur 12: ongeldige referentie: btw-code (21%)", true},
		{"Ongeldige referentie: Btw-code", "Ongeldige referentie: Btwcode", false},
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", "Periode datum - tabel bevat geen periode voor deze datum:", false},
		{"Periode datum - tabel bevat geen periode voor deze datum: {datum}", "Periode datum - tabel bevat geen periode voor deze datum: 1-1-2027", true},
		{"Fout bij {actie} van {object}: Ongeldige referentie: Klant", "Fout bij van: Ongeldige referentie: Klant", false},
		{"Fout bij {actie} van {object}: Ongeldige referentie: Klant", "Fout bij boeken van factuur 1: Ongeldige referentie: Klant", true},
		{"Fout bij boeken van ontvangst: {detail}", "Van Dijk Ontvangst: Fout bij boeken van creditnota: x", false},
	} {
		if _, ok := Holds(c.tmpl, c.line); ok != c.want {
			t.Errorf("Holds(%q, %q) = %v, want %v", c.tmpl, c.line, ok, c.want)
		}
	}
}

// TestTermHashVectors: the index and search.js name a template's telling
// words by termHash; testdata/search/hash.json holds the values both must
// give.
func TestTermHashVectors(t *testing.T) {
	b, err := os.ReadFile("../../testdata/search/hash.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []struct {
		Term string `json:"term"`
		Hash int32  `json:"hash"`
	}
	if err := json.Unmarshal(b, &vs); err != nil || len(vs) < 10 {
		t.Fatalf("hash.json: %v (%d vectors)", err, len(vs))
	}
	for _, v := range vs {
		if got := int32(termHash(v.Term)); got != v.Hash {
			t.Errorf("termHash(%q) = %d, want %d", v.Term, got, v.Hash)
		}
	}
}
