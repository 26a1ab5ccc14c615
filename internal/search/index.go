package search

import (
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
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// Version is the version of the index format. A reader refuses any other.
const Version = 2

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
	// Fix says when to fix the error among others: "first" (it stops
	// every sync), "last" (a consequence of others) or "".
	Fix string
	// Summary is the first sentence of the solution, for the triage view.
	Summary string
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
		msg    []int32 // doc delta, template (-1: title), share in thousandths
		field  []int32 // doc delta, weight
		anchor []int32 // doc delta, template, hashes of its next two telling tokens, filter of its words (2 × 32 bits): the templates this term anchors
		lastM  int
		lastF  int
		lastA  int
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
	// Each template's anchor is its most telling literal token (highest
	// idf; the longer, then the first, on a tie): a line can only hold the
	// template whole if it holds that word, so a line is checked against
	// the templates its words anchor. telling[i][k] lists the positions
	// among template k's literal tokens of the words few errors have
	// (tellingDF, or up to four times as many as its anchor): a line that
	// lacks one does not name the template.
	telling := make([][][]int, len(docs))
	tellingDF := max(2, int(0.02*n))
	for i := range docs {
		if len(titles[i]) > 0 {
			addTemplate(i, -1, titles[i])
		}
		for k, t := range compiled[i] {
			lits := t.literals()
			addTemplate(i, k, lits)
			best := 0
			for j, tok := range lits {
				if d, b := dfMsg[tok], dfMsg[lits[best]]; d < b || d == b && len(tok) > len(lits[best]) {
					best = j
				}
			}
			// Telling: in few errors, or nearly as few as the anchor: in a
			// family of thousands, the words siblings differ in (an object,
			// a module) are each in hundreds.
			limit := max(tellingDF, 4*dfMsg[lits[best]])
			isTelling := func(tok string) bool { return tok == lits[best] || dfMsg[tok] <= limit }
			// The two rarest other telling tokens, which a line must hold
			// too, as hashes (0 for none): with the anchor they leave few
			// templates to align.
			var others []int
			for j, tok := range lits {
				if j != best && isTelling(tok) {
					others = append(others, j)
				}
			}
			slices.SortStableFunc(others, func(a, b int) int { return dfMsg[lits[a]] - dfMsg[lits[b]] })
			var h [2]uint32
			for x := 0; x < len(others) && x < 2; x++ {
				h[x] = termHash(lits[others[x]])
			}
			// All its other words, as a 64-bit filter (bit termHash % 64
			// of each): a line that holds the template whole sets them all.
			var bloom uint64
			for j, tok := range lits {
				if j != best {
					bloom |= 1 << (termHash(tok) & 63)
				}
			}
			e := get(lits[best])
			e.anchor = append(e.anchor, int32(i-e.lastA), int32(k), int32(h[0]), int32(h[1]), int32(uint32(bloom)), int32(uint32(bloom>>32)))
			e.lastA = i
			telling[i] = append(telling[i], t.telling(isTelling))
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
	encode := func(tok string) termJSON {
		e := terms[tok]
		im, ifd := 0, 0
		if dfMsg[tok] > 0 {
			im = int(math.Round(1000 * idf(dfMsg[tok])))
		}
		if dfField[tok] > 0 {
			ifd = int(math.Round(1000 * idf(dfField[tok])))
		}
		return termJSON{im, ifd, e.msg, e.field, e.anchor}
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
			b, err := encode(all[i]).MarshalJSON()
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
		shard := termShardJSON{Terms: make(map[string]json.RawMessage, len(toks)), Version: Version}
		for _, tok := range toks {
			shard.Terms[tok] = encoded[tok]
		}
		name, err := put("t", shard)
		if err != nil {
			return err
		}
		shardKeys[key] = name
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
	docShards := []string{}
	docFirst := []string{} // the id of each doc shard's first doc
	info := make([]int, len(docs))
	for start := 0; start < len(docs); start += docShardSize {
		var shard []docJSON
		docFirst = append(docFirst, docs[start].ID)
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
			parts := make([][]partJSON, len(compiled[i]))
			for k, t := range compiled[i] {
				for _, run := range t.parts {
					parts[k] = append(parts[k], run)
				}
			}
			shard = append(shard, docJSON{d.ID, d.Title, msgs, parts, telling[i], d.Severity, d.Category, status, d.Fix, d.Summary})
			info[i] = catIndex[d.Category] * 2
			if status == "retired" {
				info[i]++
			}
		}
		name, err := put("d", docShardJSON{Docs: shard, Version: Version})
		if err != nil {
			return nil, err
		}
		docShards = append(docShards, name)
	}

	// The terms of messages and titles that hold a digit: a log's other
	// numbers (invoices, dates, amounts) need no lookup.
	digitTerms := []string{}
	for tok := range dfMsg {
		if strings.ContainsAny(tok, "0123456789") {
			digitTerms = append(digitTerms, tok)
		}
	}
	sort.Strings(digitTerms)
	meta := metaJSON{
		Version:      Version,
		DigitTerms:   digitTerms,
		Docs:         len(docs),
		Categories:   append([]string{}, categories...),
		DocInfo:      info,
		DocShardSize: docShardSize,
		DocShards:    docShards,
		DocFirst:     docFirst,
		TermShards:   shardKeys,
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	files["meta.json"] = b
	return files, nil
}

// termHash is FNV-1a over a term's UTF-16 code units (as JavaScript's
// Math.imul computes it); never 0.
func termHash(term string) uint32 {
	h := uint32(2166136261)
	for _, u := range utf16.Encode([]rune(term)) {
		h ^= uint32(u)
		h *= 16777619
	}
	if h == 0 {
		h = 1
	}
	return h
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
