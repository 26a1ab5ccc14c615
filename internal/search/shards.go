package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// A fileSet holds the index's files by path.
type fileSet map[string][]byte

// put adds v's JSON under dir, named by its content hash, and returns the
// name.
func (fs fileSet) put(dir string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	name := dir + "/" + hex.EncodeToString(sum[:8]) + ".json"
	fs[name] = b
	return name, nil
}

// writeTermShards adds the term shards of post to files and returns their
// names by key: terms grouped by their first character, a group that is
// too large split by the next character, up to maxKey characters.
func writeTermShards(files fileSet, post postingLists, df docFreqs) (map[string]string, error) {
	encoded, err := encodeTerms(post, df)
	if err != nil {
		return nil, err
	}
	shards := map[string][]string{}
	groups := map[string][]string{}
	for _, tok := range slices.Sorted(maps.Keys(encoded)) {
		k := prefixRunes(tok, 1)
		groups[k] = append(groups[k], tok)
	}
	for k, toks := range groups {
		splitShard(shards, k, toks, encoded)
	}
	names := make(map[string]string, len(shards))
	for key, toks := range shards {
		shard := termShardJSON{Terms: make(map[string]json.RawMessage, len(toks)), Version: Version}
		for _, tok := range toks {
			shard.Terms[tok] = encoded[tok]
		}
		name, err := files.put("t", shard)
		if err != nil {
			return nil, err
		}
		names[key] = name
	}
	return names, nil
}

// encodeTerms returns each term's JSON (a termJSON), encoded on every core
// and once: the shards are sized by it and made of it.
func encodeTerms(post postingLists, df docFreqs) (map[string][]byte, error) {
	terms := slices.Collect(maps.Keys(post))
	bs := make([][]byte, len(terms))
	errs := make([]error, len(terms))
	par.Each(len(terms), func(i int) {
		tok, p := terms[i], post[terms[i]]
		t := termJSON{IdfMsg: df.milli(df.msg[tok]), IdfField: df.milli(df.field[tok]), Msg: p.msg, Field: p.field, Anchor: p.anchor}
		bs[i], errs[i] = t.MarshalJSON()
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	encoded := make(map[string][]byte, len(terms))
	for i, tok := range terms {
		encoded[tok] = bs[i]
	}
	return encoded, nil
}

// splitShard assigns toks, the terms that start with key, to shards: all to
// key if they fit in maxShard bytes or key has maxKey characters; else each
// to the shards of its next character (split again as needed) but the term
// equal to key, if there is one, which stays in key's.
func splitShard(shards map[string][]string, key string, toks []string, encoded map[string][]byte) {
	size := 0
	for _, tok := range toks {
		size += len(tok) + len(encoded[tok]) + 4
	}
	n := utf8.RuneCountInString(key)
	if size <= maxShard || n >= maxKey {
		shards[key] = toks
		return
	}
	groups := map[string][]string{}
	var rest []string
	for _, tok := range toks {
		if k := prefixRunes(tok, n+1); k != key {
			groups[k] = append(groups[k], tok)
		} else {
			rest = append(rest, tok)
		}
	}
	for k, g := range groups {
		splitShard(shards, k, g, encoded)
	}
	if len(rest) > 0 {
		shards[key] = rest
	}
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

// writeDocShards adds the doc shards to files, docShardSize docs each in
// index order, and returns their names and the id of each one's first doc.
// msgs and telling are per doc its messages and their telling positions.
func writeDocShards(files fileSet, docs []Doc, msgs [][]compiledMsg, telling [][][]int) (names, first []string, err error) {
	names, first = []string{}, []string{}
	for start := 0; start < len(docs); start += docShardSize {
		end := min(start+docShardSize, len(docs))
		shard := docShardJSON{Docs: make([]docJSON, 0, end-start), Version: Version}
		for i := start; i < end; i++ {
			shard.Docs = append(shard.Docs, docEntry(docs[i], msgs[i], telling[i]))
		}
		name, err := files.put("d", shard)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		first = append(first, docs[start].ID)
	}
	return names, first, nil
}

// docEntry returns d's entry in its doc shard.
func docEntry(d Doc, msgs []compiledMsg, telling [][]int) docJSON {
	status := d.Status
	if status == "" {
		status = "current"
	}
	var display []string
	for _, m := range d.Messages {
		segs, _ := message.Parse(m) // compiled without error
		display = append(display, message.Display(segs))
	}
	parts := make([][]partJSON, len(msgs))
	var derived []derivedJSON
	for k, m := range msgs {
		for j, run := range m.t.parts {
			p := partJSON{run: run}
			if m.t.shape != nil {
				p.shape = m.t.shape[j]
			}
			parts[k] = append(parts[k], p)
		}
		if m.kind != "" {
			derived = append(derived, derivedJSON{Of: m.of, Kind: m.kind})
		}
	}
	return docJSON{ID: d.ID, Title: d.Title, Messages: display, Parts: parts, Telling: telling,
		Severity: d.Severity, Category: d.Category, Status: status, Fix: d.Fix, Summary: d.Summary,
		Steps: d.Steps, Solved: d.Solved, Derived: derived}
}

// digitTerms returns the terms of messages and titles that hold a digit,
// sorted: a log's other numbers (invoices, dates, amounts) need no lookup.
func digitTerms(dfMsg map[string]int) []string {
	terms := []string{}
	for tok := range dfMsg {
		if strings.ContainsAny(tok, "0123456789") {
			terms = append(terms, tok)
		}
	}
	slices.Sort(terms)
	return terms
}
