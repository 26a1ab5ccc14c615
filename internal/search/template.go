package search

import (
	"github.com/bookzo/exact-help/internal/message"
	"github.com/bookzo/exact-help/internal/search/token"
)

// A template is a compiled message template: the tokens of its literal text,
// in order, with the places where a placeholder stands.
type template struct {
	source string
	// parts alternate between literal token runs and placeholders; a
	// placeholder is a nil run.
	parts [][]string
	// shape, when not nil, names per part the shape of value its
	// placeholder takes ("" for any value): a derived template's (see
	// token.ValueShapes and derive).
	shape []string
}

// compile parses a message template (see package message) and tokenizes its
// literal text. A placeholder is kept as a nil part: it absorbs whatever the
// customer's value is, so its tokens never count for or against a match.
func compile(src string) (*template, error) {
	segs, err := message.Parse(src)
	if err != nil {
		return nil, err
	}
	t := &template{source: src}
	for _, s := range segs {
		if s.Placeholder {
			t.parts = append(t.parts, nil)
			continue
		}
		if toks := Tokenize(s.Text); len(toks) > 0 {
			t.parts = append(t.parts, toks)
		}
	}
	return t, nil
}

// shaped returns src compiled with every part of its literal text that has
// the shape of a value (token.ValueShapes) as a placeholder for a value of that
// shape, or nil when it has none.
func shaped(src string) *template {
	segs, err := message.Parse(src)
	if err != nil {
		return nil
	}
	t := &template{source: src}
	found := false
	addPart := func(run []string, shape string) {
		t.parts = append(t.parts, run)
		t.shape = append(t.shape, shape)
	}
	for _, s := range segs {
		if s.Placeholder {
			addPart(nil, "")
			continue
		}
		at := 0
		for _, sh := range token.ValueShapes(s.Text) {
			if toks := Tokenize(s.Text[at:sh.Start]); len(toks) > 0 {
				addPart(toks, "")
			}
			if n := len(t.parts); n > 0 && t.parts[n-1] == nil {
				return nil // two placeholders in a row: nothing tells them apart
			}
			addPart(nil, sh.Pattern())
			found = true
			at = sh.End
		}
		if toks := Tokenize(s.Text[at:]); len(toks) > 0 {
			addPart(toks, "")
		}
	}
	if !found {
		return nil
	}
	return t
}

// literals returns the template's literal tokens, each once, in order of
// first appearance.
func (t *template) literals() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range t.parts {
		for _, tok := range p {
			if !seen[tok] {
				seen[tok] = true
				out = append(out, tok)
			}
		}
	}
	return out
}

// telling returns the positions among the template's literal tokens (all
// of them, in order, as the parts list them) of those for which is holds.
func (t *template) telling(is func(tok string) bool) []int {
	out := []int{}
	n := 0
	for _, p := range t.parts {
		for _, x := range p {
			if is(x) {
				out = append(out, n)
			}
			n++
		}
	}
	return out
}

// matches reports whether line is an instance of the template: the line's
// tokens hold the literal runs in order, each run contiguous. A placeholder
// absorbs any tokens between two runs (none, too: a value may be only
// punctuation, or cut off by the log), and text before and after the message
// (a log prefix, a trailing context) is allowed.
func (t *template) matches(line string) bool {
	_, _, ok := t.align(Tokenize(line), false)
	return ok
}

// align finds the template's literal runs in toks, in order, each run
// contiguous, at their earliest places: the earliest occurrence of each run
// leaves the most room for the runs after it, so a greedy scan finds a
// match if there is one. strict asks for at least one token per
// placeholder and some fixed text (see Holds); fixed and captured are as
// Holds says.
func (t *template) align(toks []string, strict bool) (fixed, captured int, ok bool) {
	i, need := 0, 0 // need: tokens a placeholder before the next run takes
	first := true
	for _, run := range t.parts {
		if run == nil {
			if strict {
				need++
			}
			continue
		}
		k := i + need
		for ; k+len(run) <= len(toks); k++ {
			if hasRunAt(toks, k, run) {
				break
			}
		}
		if k+len(run) > len(toks) {
			return 0, 0, false
		}
		if !first {
			captured += k - i
		}
		first = false
		i, need = k+len(run), 0
		for _, tok := range run {
			fixed += len(tok)
		}
	}
	if i+need > len(toks) || strict && fixed == 0 {
		return 0, 0, false
	}
	return fixed, captured, true
}

func hasRunAt(toks []string, k int, run []string) bool {
	for i, r := range run {
		if toks[k+i] != r {
			return false
		}
	}
	return true
}

// Holds reports whether line holds the message template whole, in the
// strict sense, without the typos and spacing the search engine forgives:
// the tokens of each literal run in order and contiguous, at least one
// token for each placeholder, anything before and after. fixed is the
// number of letters of the template's fixed text (how specific it is: of
// two templates a line holds, the one with more fixed text names it). It
// labels generated benchmark lines independently of the engine; to test
// many lines, compile the template once (CompileTemplate).
func Holds(tmpl, line string) (fixed int, ok bool) {
	t, err := CompileTemplate(tmpl)
	if err != nil {
		return 0, false
	}
	fixed, _, ok = t.Holds(Tokenize(line))
	return fixed, ok
}

// A Template is a message template compiled once, for Holds on many lines.
type Template struct{ t *template }

// CompileTemplate compiles a message template for Template.Holds.
func CompileTemplate(tmpl string) (*Template, error) {
	t, err := compile(tmpl)
	if err != nil {
		return nil, err
	}
	return &Template{t}, nil
}

// Holds is the package's Holds for a line's tokens (Tokenize), with
// captured, the tokens the inner placeholders took at the earliest match
// (of two templates as specific, the one whose placeholders took fewer
// names the line).
func (t *Template) Holds(toks []string) (fixed, captured int, ok bool) {
	return t.t.align(toks, true)
}
