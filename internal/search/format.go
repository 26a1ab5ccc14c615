package search

import (
	"encoding/json"
	"fmt"
)

// The index's files as Go types, read and written through encoding/json
// (see "Index files" in the package doc). A struct's fields are in the
// alphabetical order of their JSON names: meta.json and the shards were
// first written from maps, whose keys encoding/json sorts, and the bytes
// (and so the index's stamp, which names its files) must not change.

// metaJSON is meta.json: what every query reads first, so it holds only
// what every query needs (the doc info file holds what a category filter
// and a support link need).
type metaJSON struct {
	Categories   []string `json:"categories"`
	DocShardSize int      `json:"docShardSize"`
	Docs         int      `json:"docs"`
	Retired      []int    `json:"retired"` // the numbers of the retired docs, ascending
	// Stamp names the index's files (fileName): doc shard n is
	// d/<n>-<stamp>.json, the term shard of TermKeys[n] t/<n>-<stamp>.json,
	// the doc info file i/0-<stamp>.json.
	Stamp    string   `json:"stamp"`
	Telling  int      `json:"telling"`  // idf (thousandths) from which a word tells errors apart
	TermKeys []string `json:"termKeys"` // the term shards' keys, sorted
	Version  int      `json:"version"`
	// Words are the terms that do not begin with a digit, sorted: a word
	// not among them is no term, and needs no shard to say so.
	Words []string `json:"words"`
}

// termShards returns the names of the term shards by key.
func (m *metaJSON) termShards() map[string]string {
	out := make(map[string]string, len(m.TermKeys))
	for n, k := range m.TermKeys {
		out[k] = fileName("t", n, m.Stamp)
	}
	return out
}

// docShards returns the names of the doc shards, in order.
func (m *metaJSON) docShards() []string {
	var out []string
	for n := 0; n*m.DocShardSize < m.Docs; n++ {
		out = append(out, fileName("d", n, m.Stamp))
	}
	return out
}

// A Layout is where an index's files are, as its meta.json names them:
// the paths, relative to the index's folder, that a reader fetches.
type Layout struct {
	DocShards  []string          // in doc order, DocShardSize docs each
	TermShards map[string]string // by key
	DocInfo    string            // the doc info file
}

// ReadLayout returns the layout of the index whose meta.json is meta,
// refusing a version it cannot read.
func ReadLayout(meta []byte) (Layout, error) {
	m, err := readMeta(meta)
	if err != nil {
		return Layout{}, err
	}
	return Layout{DocShards: m.docShards(), TermShards: m.termShards(), DocInfo: fileName("i", 0, m.Stamp)}, nil
}

// docInfoJSON is the doc info file, i/0-<stamp>.json.
type docInfoJSON struct {
	DocCategory []int    `json:"docCategory"` // per doc, its category's index in categories
	DocFirst    []string `json:"docFirst"`    // the id of each doc shard's first doc
	Version     int      `json:"version"`
}

// termShardJSON is a term shard, t/<n>-<stamp>.json. Its terms are kept as
// their JSON (a termJSON each): the writer encodes every term once, to size
// the shards and to write them.
type termShardJSON struct {
	Terms   map[string]json.RawMessage `json:"terms"`
	Version int                        `json:"version"`
}

// termJSON is a term's entry in a term shard, written as the array
// [idfMsg, idfField, msg, field, anchor].
type termJSON struct {
	IdfMsg   int     // ln(1 + N/df) over messages and titles, in thousandths
	IdfField int     // the same over tags, aliases and bodies
	Msg      []int32 // doc delta, template (-1: title), share in thousandths
	Field    []int32 // doc delta, weight
	Anchor   []int32 // doc delta, template, two hashes, a filter as two halves
}

func (t termJSON) MarshalJSON() ([]byte, error) {
	return json.Marshal([5]any{t.IdfMsg, t.IdfField, nonNil(t.Msg), nonNil(t.Field), nonNil(t.Anchor)})
}

func (t *termJSON) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) != 5 {
		return fmt.Errorf("a term holds %d values, want 5", len(a))
	}
	for i, v := range []any{&t.IdfMsg, &t.IdfField, &t.Msg, &t.Field, &t.Anchor} {
		if err := json.Unmarshal(a[i], v); err != nil {
			return err
		}
	}
	return nil
}

// nonNil returns s, or an empty list for nil: an empty postings list is
// written [], not null.
func nonNil(s []int32) []int32 {
	if s == nil {
		return []int32{}
	}
	return s
}

// docShardJSON is a doc shard, d/<n>-<stamp>.json.
type docShardJSON struct {
	Docs    []docJSON `json:"docs"`
	Version int       `json:"version"`
}

// docJSON is one doc of a doc shard. Unlike the other types it keeps the
// order its fields were first written in.
type docJSON struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Messages []string `json:"messages"` // as a reader sees them (message.Display)
	// Parts are the messages compiled: per message, its parts.
	Parts [][]partJSON `json:"parts"`
	// Telling lists per message the positions of its telling words among
	// its literal tokens.
	Telling  [][]int `json:"telling"`
	Severity string  `json:"severity"`
	Category string  `json:"category"`
	Status   string  `json:"status"`
	Fix      string  `json:"fix,omitempty"`
	Summary  string  `json:"summary,omitempty"`
	// Steps are the solution's first steps, for the triage view; Solved
	// is set when the error has a solution.
	Steps  []string `json:"steps,omitempty"`
	Solved bool     `json:"solved,omitempty"`
	// Derived says, per template after the doc's own messages (parts
	// and telling list them too), which own message it comes from and
	// how (see derive).
	Derived []derivedJSON `json:"derived,omitempty"`
}

// derivedJSON is what the doc shard says of a derived template.
type derivedJSON struct {
	Of   int    `json:"of"`
	Kind string `json:"kind"`
}

// partJSON is a part of a compiled message: a run of literal tokens
// (written as an array), a placeholder (0), or a placeholder for a value
// of a shape (the shape's name, see token.ValueShapes).
type partJSON struct {
	run   []string
	shape string
}

func (p partJSON) MarshalJSON() ([]byte, error) {
	switch {
	case p.run != nil:
		return json.Marshal(p.run)
	case p.shape != "":
		return json.Marshal(p.shape)
	}
	return []byte("0"), nil
}

func (p *partJSON) UnmarshalJSON(b []byte) error {
	*p = partJSON{}
	switch {
	case string(b) == "0":
		return nil
	case len(b) > 0 && b[0] == '"':
		if err := json.Unmarshal(b, &p.shape); err != nil {
			return err
		}
		if p.shape == "" {
			return fmt.Errorf("a shaped placeholder names no shape")
		}
		return nil
	}
	if err := json.Unmarshal(b, &p.run); err != nil {
		return err
	}
	if len(p.run) == 0 {
		return fmt.Errorf("a literal run is empty")
	}
	return nil
}

// readMeta decodes an index's meta.json, refusing a version it cannot read.
// The version is read first, alone: another version's fields may not fit
// this one's types.
func readMeta(b []byte) (*metaJSON, error) {
	var v struct {
		Version any `json:"version"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("search index: meta.json: %v", err)
	}
	version, ok := v.Version.(float64)
	if !ok {
		return nil, fmt.Errorf("search index: meta.json has no version")
	}
	if version != Version {
		return nil, fmt.Errorf("search index: version %v is not supported (this reader reads version %d); rebuild the site", version, Version)
	}
	var m metaJSON
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("search index: meta.json: %v", err)
	}
	return &m, nil
}
