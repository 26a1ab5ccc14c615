package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/par"
)

// A fileSet holds the index's files but meta.json, numbered within their
// folder, until they are named: by their folder, number and the index's
// stamp (see stamp).
type fileSet struct {
	files []indexFile
}

type indexFile struct {
	dir  string
	n    int
	data []byte
}

// put adds v's JSON to dir as the next file of dir and returns its number.
func (fs *fileSet) put(dir string, v any) (int, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range fs.files {
		if f.dir == dir {
			n++
		}
	}
	fs.files = append(fs.files, indexFile{dir, n, b})
	return n, nil
}

// stamp sums every file with its folder and number: one name for the
// whole index, so that meta.json names its files by their numbers and one
// hash, and a file's name never stands for other bytes.
func (fs *fileSet) stamp() string {
	h := sha256.New()
	for _, f := range fs.files {
		fmt.Fprintf(h, "%s/%d %d\n", f.dir, f.n, len(f.data))
		h.Write(f.data)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// fileName is the name of file n of dir in the index of stamp.
func fileName(dir string, n int, stamp string) string {
	return fmt.Sprintf("%s/%d-%s.json", dir, n, stamp)
}

// named returns the files by their names.
func (fs *fileSet) named(stamp string) map[string][]byte {
	out := make(map[string][]byte, len(fs.files)+1)
	for _, f := range fs.files {
		out[fileName(f.dir, f.n, stamp)] = f.data
	}
	return out
}

// writeTermShards adds the term shards of post to files, in the order of
// their keys, and returns the keys, sorted: terms grouped by their first
// character, a group that is too large split by the next character, up to
// maxKey characters.
func writeTermShards(files *fileSet, post postingLists, df docFreqs) ([]string, error) {
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
	keys := slices.Sorted(maps.Keys(shards))
	for _, key := range keys {
		toks := shards[key]
		shard := termShardJSON{Terms: make(map[string]json.RawMessage, len(toks)), Version: Version}
		for _, tok := range toks {
			shard.Terms[tok] = encoded[tok]
		}
		if _, err := files.put("t", shard); err != nil {
			return nil, err
		}
	}
	return keys, nil
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
// index order, and returns the id of each one's first doc.
// msgs and telling are per doc its messages and their telling positions.
func writeDocShards(files *fileSet, docs []Doc, msgs [][]compiledMsg, telling [][][]int) (first []string, err error) {
	first = []string{}
	for start := 0; start < len(docs); start += docShardSize {
		end := min(start+docShardSize, len(docs))
		shard := docShardJSON{Docs: make([]docJSON, 0, end-start), Version: Version}
		for i := start; i < end; i++ {
			shard.Docs = append(shard.Docs, docEntry(docs[i], msgs[i], telling[i]))
		}
		if _, err := files.put("d", shard); err != nil {
			return nil, err
		}
		first = append(first, docs[start].ID)
	}
	return first, nil
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

// words returns the terms that do not begin with an ASCII digit, sorted:
// the engine looks such a token up in this list, not in its shard, and
// finds the words a typo or a word being typed may stand for in it too
// (terms with digits are matched as written only).
func words(post postingLists) []string {
	terms := []string{}
	for tok := range post {
		if tok[0] < '0' || tok[0] > '9' {
			terms = append(terms, tok)
		}
	}
	slices.Sort(terms)
	return terms
}
