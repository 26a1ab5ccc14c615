package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// Version is the version of the index format. A reader refuses any other.
const Version = 1

// A Doc is one error as the index sees it.
type Doc struct {
	ID       string
	Title    string
	Messages []string // message templates, see package message
	Category string
	Severity string
	Status   string // "current" (or "") or "retired"
	Tags     []string
	Aliases  []string
	Text     string // the body as plain text
}

const (
	docShardSize = 32
	// maxShard is the size in bytes above which a term shard is split by
	// the next character of its terms.
	maxShard = 16 << 10
	maxKey   = 4
	// A term in the tags and bodies of more than commonFieldDocs docs and
	// of more than a tenth of all docs keeps no field postings: its weight
	// would be next to nothing, its postings the largest.
	commonFieldDocs = 50
)

// A fieldTerm is a term of a doc's tags, aliases or body, with its weight:
// 2 for a tag or alias, 1 for body text.
type fieldTerm struct {
	term   string
	weight int
}

// Build returns the files of the index of docs, by path relative to the
// index folder. Docs are indexed in the order given; categories lists the
// valid categories in display order. The same input gives the same bytes.
func Build(docs []Doc, categories []string) (map[string][]byte, error) {
	catIndex := map[string]int{}
	for i, c := range categories {
		catIndex[c] = i
	}
	var problems []string
	seen := map[string]bool{}
	compiled := make([][]*template, len(docs))
	for i, d := range docs {
		name := d.ID
		switch {
		case d.ID == "":
			problems = append(problems, fmt.Sprintf("doc %d: empty id", i))
			name = fmt.Sprintf("doc %d", i)
		case seen[d.ID]:
			problems = append(problems, fmt.Sprintf("%s: duplicate id", d.ID))
		}
		seen[d.ID] = true
		if _, ok := catIndex[d.Category]; !ok {
			problems = append(problems, fmt.Sprintf("%s: unknown category %q", name, d.Category))
		}
		if d.Status != "" && d.Status != "current" && d.Status != "retired" {
			problems = append(problems, fmt.Sprintf("%s: unknown status %q", name, d.Status))
		}
		if len(d.Messages) == 0 {
			problems = append(problems, fmt.Sprintf("%s: no messages", name))
		}
		for _, m := range d.Messages {
			t, err := compile(m)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: message %q: %v", name, m, err))
				continue
			}
			if len(t.literals()) == 0 {
				problems = append(problems, fmt.Sprintf("%s: message %q has no words outside its placeholders", name, m))
				continue
			}
			compiled[i] = append(compiled[i], t)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("search index: %s", strings.Join(problems, "; "))
	}

	n := float64(len(docs))
	idf := func(df int) float64 { return math.Log(1 + n/float64(df)) }

	// Each doc's terms, tokenized on every core: the title's, those of its
	// messages and title (inMsg), and those of its tags, aliases and body
	// with their weights.
	titles := make([][]string, len(docs))
	inMsg := make([][]string, len(docs))
	// A doc's field terms are a sorted slice, not a map: 10,000 small maps
	// were a quarter of the build's memory.
	fields := make([][]fieldTerm, len(docs))
	// Each worker interns its terms: a term that many docs hold is then one
	// string, not one per doc (the body terms were the largest part of the
	// build's memory).
	var interns sync.Pool
	par.Each(len(docs), func(i int) {
		in, _ := interns.Get().(map[string]string)
		if in == nil {
			in = map[string]string{}
		}
		defer interns.Put(in)
		intern := func(b []byte) string {
			if c, ok := in[string(b)]; ok {
				return c
			}
			t := string(b)
			in[t] = t
			return t
		}
		d := docs[i]
		titles[i] = dedupe(Tokenize(d.Title))
		var msg []string
		for _, t := range compiled[i] {
			msg = append(msg, t.literals()...)
		}
		inMsg[i] = dedupe(append(msg, titles[i]...))
		// Terms are looked up as bytes: a repeated body word costs no
		// string.
		m := map[string]int{}
		add := func(w int) func([]byte) {
			return func(tok []byte) {
				if m[string(tok)] < w {
					m[intern(tok)] = w
				}
			}
		}
		eachToken(d.Text, add(1))
		for _, s := range append(slices.Clone(d.Tags), d.Aliases...) {
			eachToken(s, add(2))
		}
		f := make([]fieldTerm, 0, len(m))
		for tok, w := range m {
			f = append(f, fieldTerm{tok, w})
		}
		slices.SortFunc(f, func(a, b fieldTerm) int { return strings.Compare(a.term, b.term) })
		fields[i] = f
	})
	// Document frequencies: messages and title; tags, aliases and body.
	dfMsg, dfField := map[string]int{}, map[string]int{}
	for i := range docs {
		for _, tok := range inMsg[i] {
			dfMsg[tok]++
		}
		for _, ft := range fields[i] {
			dfField[ft.term]++
		}
	}

	type entry struct {
		msg   []int32 // doc delta, template (-1: title), share in thousandths
		field []int32 // doc delta, weight
		lastM int
		lastF int
	}
	terms := map[string]*entry{}
	get := func(tok string) *entry {
		e := terms[tok]
		if e == nil {
			e = &entry{}
			terms[tok] = e
		}
		return e
	}
	addTemplate := func(doc, k int, toks []string) {
		mass := 0.0
		for _, tok := range toks {
			mass += idf(dfMsg[tok])
		}
		for _, tok := range toks {
			e := get(tok)
			share := int(math.Round(1000 * idf(dfMsg[tok]) / mass))
			e.msg = append(e.msg, int32(doc-e.lastM), int32(k), int32(share))
			e.lastM = doc
		}
	}
	for i := range docs {
		if len(titles[i]) > 0 {
			addTemplate(i, -1, titles[i])
		}
		for k, t := range compiled[i] {
			addTemplate(i, k, t.literals())
		}
		for _, ft := range fields[i] {
			if df := dfField[ft.term]; df > commonFieldDocs && float64(df) > n/10 {
				continue
			}
			e := get(ft.term)
			e.field = append(e.field, int32(i-e.lastF), int32(ft.weight))
			e.lastF = i
		}
		fields[i] = nil // done with this doc
	}

	files := map[string][]byte{}
	putBytes := func(dir string, b []byte) string {
		sum := sha256.Sum256(b)
		name := dir + "/" + hex.EncodeToString(sum[:8]) + ".json"
		files[name] = b
		return name
	}
	put := func(dir string, v any) (string, error) {
		b, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		return putBytes(dir, b), nil
	}

	// Term shards: group terms by their first character, and split a group
	// that is too large by the next character, up to maxKey characters.
	type termJSON = [4]any // idf of messages, idf of fields (thousandths), postings
	encode := func(tok string) termJSON {
		e := terms[tok]
		ms, fs := e.msg, e.field
		if ms == nil {
			ms = []int32{}
		}
		if fs == nil {
			fs = []int32{}
		}
		im, ifd := 0, 0
		if dfMsg[tok] > 0 {
			im = int(math.Round(1000 * idf(dfMsg[tok])))
		}
		if dfField[tok] > 0 {
			ifd = int(math.Round(1000 * idf(dfField[tok])))
		}
		return termJSON{im, ifd, ms, fs}
	}
	all := make([]string, 0, len(terms))
	for tok := range terms {
		all = append(all, tok)
	}
	sort.Strings(all)
	// Each term's JSON, once: shards are sized by it and made of it.
	encoded := make(map[string][]byte, len(all))
	{
		bs := make([][]byte, len(all))
		var failed atomic.Value
		par.Each(len(all), func(i int) {
			b, err := json.Marshal(encode(all[i]))
			if err != nil {
				failed.Store(err)
			}
			bs[i] = b
		})
		if err, ok := failed.Load().(error); ok {
			return nil, err
		}
		for i, tok := range all {
			encoded[tok] = bs[i]
		}
	}
	shardKeys := map[string]string{}
	var split func(key string, toks []string) error
	split = func(key string, toks []string) error {
		size := 0
		for _, tok := range toks {
			size += len(tok) + len(encoded[tok]) + 4
		}
		if size > maxShard && utf8.RuneCountInString(key) < maxKey {
			groups := map[string][]string{}
			var rest []string
			for _, tok := range toks {
				if k := prefixRunes(tok, utf8.RuneCountInString(key)+1); k != key {
					groups[k] = append(groups[k], tok)
				} else {
					rest = append(rest, tok)
				}
			}
			keys := make([]string, 0, len(groups))
			for k := range groups {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if err := split(k, groups[k]); err != nil {
					return err
				}
			}
			// Only the term equal to key itself is left.
			if len(rest) == 0 {
				return nil
			}
			toks = rest
		}
		// The bytes json.Marshal gives for {"version":V,"terms":{...}}:
		// keys sorted, terms (letters and digits) need no escaping.
		sorted := slices.Clone(toks)
		sort.Strings(sorted)
		var b bytes.Buffer
		b.WriteString(`{"terms":{`)
		for i, tok := range sorted {
			if i > 0 {
				b.WriteByte(',')
			}
			q, _ := json.Marshal(tok)
			b.Write(q)
			b.WriteByte(':')
			b.Write(encoded[tok])
		}
		fmt.Fprintf(&b, `},"version":%d}`, Version)
		shardKeys[key] = putBytes("t", b.Bytes())
		return nil
	}
	groups := map[string][]string{}
	var keys []string
	for _, tok := range all {
		k := prefixRunes(tok, 1)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], tok)
	}
	for _, k := range keys {
		if err := split(k, groups[k]); err != nil {
			return nil, err
		}
	}

	// Doc shards: docShardSize docs each, in index order.
	type docJSON struct {
		ID       string   `json:"id"`
		Title    string   `json:"title"`
		Messages []string `json:"messages"`
		Severity string   `json:"severity"`
		Category string   `json:"category"`
		Status   string   `json:"status"`
	}
	docShards := []string{}
	info := make([]int, len(docs))
	for start := 0; start < len(docs); start += docShardSize {
		var shard []docJSON
		for i := start; i < len(docs) && i < start+docShardSize; i++ {
			d := docs[i]
			status := d.Status
			if status == "" {
				status = "current"
			}
			var msgs []string
			for _, m := range d.Messages {
				segs, _ := message.Parse(m) // compiled above
				msgs = append(msgs, message.Display(segs))
			}
			shard = append(shard, docJSON{d.ID, d.Title, msgs, d.Severity, d.Category, status})
			info[i] = catIndex[d.Category] * 2
			if status == "retired" {
				info[i]++
			}
		}
		name, err := put("d", map[string]any{"version": Version, "docs": shard})
		if err != nil {
			return nil, err
		}
		docShards = append(docShards, name)
	}

	meta := map[string]any{
		"version":      Version,
		"docs":         len(docs),
		"categories":   append([]string{}, categories...),
		"docInfo":      info,
		"docShardSize": docShardSize,
		"docShards":    docShards,
		"termShards":   shardKeys,
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	files["meta.json"] = b
	return files, nil
}

func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func dedupe(toks []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range toks {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// readMeta decodes an index's meta.json, refusing a version it cannot read.
func readMeta(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("search index: meta.json: %v", err)
	}
	v, ok := m["version"].(float64)
	if !ok {
		return nil, fmt.Errorf("search index: meta.json has no version")
	}
	if v != Version {
		return nil, fmt.Errorf("search index: version %v is not supported (this reader reads version %d); rebuild the site", v, Version)
	}
	return m, nil
}
