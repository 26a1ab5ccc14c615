package search

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/bookzo/exact-help/internal/par"
)

// Version is the version of the index format. A reader refuses any other.
const Version = 4

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
	// Summary is the first sentence of the solution, Steps its first
	// steps, for the triage view; Solved is set when the error has a
	// solution.
	Summary string
	Steps   []string
	Solved  bool
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

// Build returns the files of the index of docs, by path relative to the
// index folder. Docs are indexed in the order given; categories lists the
// valid categories in display order. The same input gives the same bytes.
//
// Build trusts what content.Load checks (gen build and gen serve build no
// site that has error diagnostics): ids are unique and not empty, every
// doc has at least one message, and its status is "", "current" or
// "retired". It reports a doc it cannot index: a message that does not
// compile or has no words outside its placeholders, a category not in
// categories.
//
// It runs in stages, each a function of what earlier ones returned:
// compile the messages, tokenize each doc, count document frequencies,
// build the postings, then write the term shards, the doc shards and
// meta.json.
func Build(docs []Doc, categories []string) (map[string][]byte, error) {
	c, err := compileDocs(docs, categories)
	if err != nil {
		return nil, err
	}
	derive(&c)
	terms := tokenize(docs, c.msgs)
	df := countDocs(terms)
	post, telling := postings(c.msgs, terms, df)
	tellingIdf := df.milli(tellingDocs(df.n))
	files := &fileSet{}
	termKeys, err := writeTermShards(files, post, df)
	if err != nil {
		return nil, err
	}
	docFirst, err := writeDocShards(files, docs, c.msgs, telling)
	if err != nil {
		return nil, err
	}
	if _, err := files.put("i", docInfoJSON{DocCategory: c.category, DocFirst: docFirst, Version: Version}); err != nil {
		return nil, err
	}
	stamp := files.stamp()
	meta, err := json.Marshal(metaJSON{
		Categories:   append([]string{}, categories...),
		DocShardSize: docShardSize,
		Docs:         len(docs),
		Retired:      c.retired,
		Stamp:        stamp,
		Telling:      tellingIdf,
		TermKeys:     termKeys,
		Version:      Version,
		Words:        words(post),
	})
	if err != nil {
		return nil, err
	}
	out := files.named(stamp)
	out["meta.json"] = meta
	return out, nil
}

// A compiledMsg is a doc's message compiled, with its literal tokens.
type compiledMsg struct {
	t    *template
	lits []string // t.literals()
	// of and kind are set on a derived template (see derive): the own
	// message it comes from, and how.
	of   int
	kind string
}

// compiledDocs is what the compile stage knows of the docs.
type compiledDocs struct {
	msgs     [][]compiledMsg // per doc, its messages
	category []int           // per doc, its category's index
	retired  []int           // the numbers of the retired docs, ascending
}

// compileDocs compiles every doc's messages and numbers its category. It
// reports every message and category it cannot index, together.
func compileDocs(docs []Doc, categories []string) (compiledDocs, error) {
	catIndex := map[string]int{}
	for i, c := range categories {
		catIndex[c] = i
	}
	c := compiledDocs{msgs: make([][]compiledMsg, len(docs)), category: make([]int, len(docs)), retired: []int{}}
	var problems []string
	for i, d := range docs {
		cat, ok := catIndex[d.Category]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: unknown category %q", d.ID, d.Category))
		}
		c.category[i] = cat
		if d.Status == "retired" {
			c.retired = append(c.retired, i)
		}
		for _, m := range d.Messages {
			t, err := compile(m)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: message %q: %v", d.ID, m, err))
				continue
			}
			lits := t.literals()
			if len(lits) == 0 {
				// content.Load does not know the tokenizer: "{x}: " is a
				// valid template, but nothing finds it.
				problems = append(problems, fmt.Sprintf("%s: message %q has no words outside its placeholders", d.ID, m))
				continue
			}
			c.msgs[i] = append(c.msgs[i], compiledMsg{t: t, lits: lits})
		}
	}
	if len(problems) > 0 {
		return compiledDocs{}, fmt.Errorf("search index: %s", strings.Join(problems, "; "))
	}
	return c, nil
}

// docTerms are the terms of one doc.
type docTerms struct {
	title []string // the title's, each once
	inMsg []string // those of its messages, then of its title, each once
	// fields are the terms of its tags, aliases and body, sorted. A sorted
	// slice, not a map: 10,000 small maps were a quarter of the build's
	// memory.
	fields []fieldTerm
}

// A fieldTerm is a term of a doc's tags, aliases or body, with its weight:
// 2 for a tag or alias, 1 for body text.
type fieldTerm struct {
	term   string
	weight int
}

// tokenize returns the terms of each doc, tokenized on every core.
func tokenize(docs []Doc, msgs [][]compiledMsg) []docTerms {
	terms := make([]docTerms, len(docs))
	// Each worker interns its terms: a term that many docs hold is then one
	// string, not one per doc (the body terms were the largest part of the
	// build's memory).
	var interners sync.Pool
	par.Each(len(docs), func(i int) {
		in, _ := interners.Get().(interner)
		if in == nil {
			in = interner{}
		}
		terms[i] = termsOf(docs[i], msgs[i], in)
		interners.Put(in)
	})
	return terms
}

// termsOf tokenizes one doc, whose messages are msgs.
func termsOf(d Doc, msgs []compiledMsg, in interner) docTerms {
	title := dedupe(Tokenize(d.Title))
	var msg []string
	for _, m := range msgs {
		if m.kind == "" { // a derived template's words are another's
			msg = append(msg, m.lits...)
		}
	}
	weights := map[string]int{}
	addFieldTerms(weights, in, d.Text, 1)
	for _, s := range d.Tags {
		addFieldTerms(weights, in, s, 2)
	}
	for _, s := range d.Aliases {
		addFieldTerms(weights, in, s, 2)
	}
	fields := make([]fieldTerm, 0, len(weights))
	for tok, w := range weights {
		fields = append(fields, fieldTerm{tok, w})
	}
	slices.SortFunc(fields, func(a, b fieldTerm) int { return strings.Compare(a.term, b.term) })
	return docTerms{title: title, inMsg: dedupe(append(msg, title...)), fields: fields}
}

// addFieldTerms raises the weight of each term of text in weights to w.
// Terms are looked up as bytes: a repeated body word costs no string.
func addFieldTerms(weights map[string]int, in interner, text string, w int) {
	eachToken(text, func(tok []byte) {
		if weights[string(tok)] < w {
			weights[in.intern(tok)] = w
		}
	})
}

// An interner hands out one string per distinct term.
type interner map[string]string

func (in interner) intern(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// docFreqs are the document frequencies of the terms: in how many docs'
// messages and titles (msg) and tags, aliases and bodies (field).
type docFreqs struct {
	n          float64 // docs in all
	msg, field map[string]int
}

// countDocs counts the document frequencies of terms.
func countDocs(terms []docTerms) docFreqs {
	df := docFreqs{n: float64(len(terms)), msg: map[string]int{}, field: map[string]int{}}
	for _, dt := range terms {
		for _, tok := range dt.inMsg {
			df.msg[tok]++
		}
		for _, ft := range dt.fields {
			df.field[ft.term]++
		}
	}
	return df
}

// idf is the inverse document frequency of a term in df docs.
func (f docFreqs) idf(df int) float64 { return math.Log(1 + f.n/float64(df)) }

// milli is idf in thousandths, as the term shards write it; 0 for a term
// in no doc.
func (f docFreqs) milli(df int) int {
	if df == 0 {
		return 0
	}
	return int(math.Round(1000 * f.idf(df)))
}

// termPostings are a term's postings lists, flat, as the term shards write
// them (see termJSON), with the last doc of each for the deltas.
type termPostings struct {
	msg, field, anchor  []int32
	lastM, lastF, lastA int
}

// postingLists are the postings of every term.
type postingLists map[string]*termPostings

func (p postingLists) of(term string) *termPostings {
	e := p[term]
	if e == nil {
		e = &termPostings{}
		p[term] = e
	}
	return e
}

// postings returns the postings of every term of the docs (whose messages
// are msgs and terms terms) and, per doc and message, the positions of its
// telling words. It drops each doc's field terms once posted.
func postings(msgs [][]compiledMsg, terms []docTerms, df docFreqs) (postingLists, [][][]int) {
	post := postingLists{}
	telling := make([][][]int, len(terms))
	tellingDF := tellingDocs(df.n)
	for i := range terms {
		if len(terms[i].title) > 0 {
			post.addTemplate(df, i, -1, terms[i].title)
		}
		for k, m := range msgs[i] {
			// A derived template is found by its anchor, for an exact
			// match; partial scores are its own message's.
			if m.kind == "" {
				post.addTemplate(df, i, k, m.lits)
			}
			a := anchorOf(m, df.msg, tellingDF)
			post.of(a.term).addAnchor(i, k, a)
			telling[i] = append(telling[i], a.telling)
		}
		for _, ft := range terms[i].fields {
			if n := df.field[ft.term]; n > commonFieldDocs && float64(n) > df.n/10 {
				continue
			}
			post.of(ft.term).addField(i, ft.weight)
		}
		terms[i].fields = nil // done with this doc
	}
	return post, telling
}

// tellingDocs is in how many of n errors' messages a word may be and still
// tell them apart: 2% of them, at least 2. The engine reads it from
// meta.json (telling, as an idf), so the two never differ.
func tellingDocs(n float64) int { return max(2, int(0.02*n)) }

// addTemplate posts the tokens of doc's template k (-1: its title), each
// with its share of the template's idf.
func (p postingLists) addTemplate(df docFreqs, doc, k int, toks []string) {
	mass := 0.0
	for _, tok := range toks {
		mass += df.idf(df.msg[tok])
	}
	for _, tok := range toks {
		share := int(math.Round(1000 * df.idf(df.msg[tok]) / mass))
		p.of(tok).addMsg(doc, k, share)
	}
}

func (e *termPostings) addMsg(doc, k, share int) {
	e.msg = append(e.msg, int32(doc-e.lastM), int32(k), int32(share))
	e.lastM = doc
}

func (e *termPostings) addField(doc, weight int) {
	e.field = append(e.field, int32(doc-e.lastF), int32(weight))
	e.lastF = doc
}

// addAnchor records that the term anchors doc's template k.
func (e *termPostings) addAnchor(doc, k int, a anchor) {
	e.anchor = append(e.anchor, int32(doc-e.lastA), int32(k), int32(a.next[0]), int32(a.next[1]), int32(uint32(a.filter)), int32(uint32(a.filter>>32)))
	e.lastA = doc
}

// An anchor is how a template is found: a line can only hold the template
// whole if it holds its anchor term, so a line is checked against the
// templates its words anchor.
type anchor struct {
	term    string    // the most telling literal token
	next    [2]uint32 // termHash of the two rarest other telling tokens, 0 for none
	filter  uint64    // bit termHash % 64 of each other token
	telling []int     // the positions of the telling tokens among the literal ones
}

// anchorOf returns the anchor of m, whose tokens are in dfMsg docs each. The
// anchor term is its most telling literal token (highest idf; the longer,
// then the first, on a tie). Telling are the tokens in few errors
// (tellingDF), or nearly as few as the anchor (four times as many): in a
// family of thousands, the words siblings differ in (an object, a module)
// are each in hundreds. A line that lacks one does not name the template.
func anchorOf(m compiledMsg, dfMsg map[string]int, tellingDF int) anchor {
	lits := m.lits
	best := 0
	for j, tok := range lits {
		if d, b := dfMsg[tok], dfMsg[lits[best]]; d < b || d == b && len(tok) > len(lits[best]) {
			best = j
		}
	}
	limit := max(tellingDF, 4*dfMsg[lits[best]])
	isTelling := func(tok string) bool { return tok == lits[best] || dfMsg[tok] <= limit }
	// The two rarest other telling tokens, which a line must hold too: with
	// the anchor they leave few templates to align.
	var others []int
	for j, tok := range lits {
		if j != best && isTelling(tok) {
			others = append(others, j)
		}
	}
	slices.SortStableFunc(others, func(a, b int) int { return dfMsg[lits[a]] - dfMsg[lits[b]] })
	a := anchor{term: lits[best], telling: m.t.telling(isTelling)}
	for x := 0; x < len(others) && x < 2; x++ {
		a.next[x] = termHash(lits[others[x]])
	}
	// All its other words, as a 64-bit filter: a line that holds the
	// template whole sets every bit.
	for j, tok := range lits {
		if j != best {
			a.filter |= 1 << (termHash(tok) & 63)
		}
	}
	return a
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
