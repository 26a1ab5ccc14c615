package search

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Derived templates: the other ways a customer's log shows a message. A
// writer lists the messages of an error as the log shows them, in Dutch and
// in English; the log also combines them in ways nobody lists:
//
//   - inner: a message that wraps another error's message ("Fout bij
//     exporteren van betaling: <the message of object-reference-not-set>")
//     is printed with the inner message in its other language, because the
//     wrapper comes from the app and the inner message from the server
//     (a Dutch app on an English .NET server). For each other message of
//     the inner error the wrapper gets a template with that message inside.
//   - tail: a message whose head is generic (an exception class, an HTTP
//     status, a wrapper that says only that something failed) is often shown without it: the sync
//     screen writes "Ongeldige referentie: Klant" where the log wrote
//     "InvalidResponseException (500): Ongeldige referentie: Klant". The
//     tail gets a template of its own when it is distinctive: two or more
//     tokens, a telling one among them, and no other error has a message or
//     a tail with the same key. A tail of five tokens or more is a message
//     of its own, whatever its head ("Incorrect EntryID. There is no sales
//     entry with this EntryID.").
//   - shape: a literal with the shape of a value (a host, a quoted name, a
//     number, a GUID, a date, a code: ValueShapes) is a value the writer
//     copied from one log: another customer's log has another value of
//     that shape there ("start.exactonline.be" for "start.exactonline.nl").
//     Each template with such literals, own or derived, gets one with a
//     placeholder of that shape in their place; the engine accepts a value
//     there only if it has the shape.
//
// A derived template is a template of its doc like the others, after the
// doc's own messages: the doc shard lists per derived template which own
// message it comes from and how (docJSON.Derived), so a reader shows the
// message the writer wrote. An exact match on a derived template is an
// exact match: the line names the error. Of two errors whose templates a
// line holds, the rules of matching pick as before (the most fixed text
// first), so a wrapper still wins over the error it wraps, in either
// language, and a full message over another error's bare tail.

// sentenceTokens is how many tokens make a tail a message of its own,
// whatever its head says ("Incorrect EntryID. There is no sales entry with
// this EntryID.").
const sentenceTokens = 5

// maxTemplates bounds a doc's templates, its own and derived: the engine
// keys a template by doc × 64 + template + 1.
const maxTemplates = 63

// Kinds of derived template.
const (
	derivedInner = "inner"
	derivedTail  = "tail"
	derivedShape = "shape"
)

// errorWords are words that say only that something failed: a head that
// starts with one ("Fout bij exporteren van betaling", "Error exporting
// payment") is a generic wrapper.
var errorWords = map[string]bool{
	"fout": true, "error": true, "failed": true, "failure": true, "mislukt": true,
	"exception": true, "fehler": true, "erreur": true,
}

// exceptionHead is the head of an exception's message: a class name,
// optionally qualified, and optionally an HTTP status in parentheses
// ("InvalidResponseException (500)", "System.Net.WebException").
var exceptionHead = regexp.MustCompile(`^[A-Za-z][\w.]*(?:Exception|Error|Fault)(?:\s*\(\d{3}\))?$`)

// statusCode is an HTTP status written in parentheses, as the .NET
// WebException does: "(401)".
var statusCode = regexp.MustCompile(`\(\d{3}\)`)

// A boundary is where a message's head ends and its tail begins: a colon,
// full stop or dash followed by a space, outside placeholders and quotes.
type boundary struct{ headEnd, tailStart int }

// boundaries returns the boundaries of src, a message template, in order.
func boundaries(src string) []boundary {
	var out []boundary
	quote := rune(0)
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == '{' && strings.HasPrefix(src[i:], "{{"), r == '}' && strings.HasPrefix(src[i:], "}}"):
			i += 2
			continue
		case r == '{':
			if end := strings.IndexByte(src[i:], '}'); end > 0 {
				i += end + 1
				continue
			}
		case r == '\'' || r == '"':
			if quote == r {
				quote = 0
			} else if quote == 0 && (i == 0 || src[i-1] == ' ') {
				quote = r
			}
		case quote == 0 && (r == ':' || r == '.') && i > 0 && src[i-1] != ' ':
			if i+n < len(src) && src[i+n] == ' ' {
				out = append(out, boundary{i, i + n + 1})
			}
		case quote == 0 && (r == '-' || r == '–' || r == '—') && i > 0 && src[i-1] == ' ':
			if i+n < len(src) && src[i+n] == ' ' {
				out = append(out, boundary{i - 1, i + n + 1})
			}
		}
		i += n
	}
	return out
}

// key is the template as the engine tells templates apart: token.Key (the
// one definition, which content's checks use too) of its parts, with a
// placeholder of a shape written "{shape}". For a template without shapes
// it is token.Key of its source (TestKeyIsTokenKey).
func (t *template) key() string {
	words := make([]string, 0, len(t.parts))
	for j, p := range t.parts {
		switch {
		case p != nil:
			words = append(words, p...)
		case t.shape != nil && t.shape[j] != "":
			words = append(words, "{"+t.shape[j]+"}")
		default:
			words = append(words, "{}")
		}
	}
	return strings.Join(words, " ")
}

// tokens counts the template's literal tokens.
func (t *template) tokens() int {
	n := 0
	for _, p := range t.parts {
		n += len(p)
	}
	return n
}

// msgRef names message k of doc.
type msgRef struct{ doc, k int }

// derive adds to c the derived templates of every doc (see above), after
// each doc's own messages.
func derive(c *compiledDocs) {
	own := make([]int, len(c.msgs))
	byKey := map[string][]msgRef{}
	df := map[string]int{}
	for i, ms := range c.msgs {
		own[i] = len(ms)
		seen := map[string]bool{}
		for k, m := range ms {
			byKey[m.t.key()] = append(byKey[m.t.key()], msgRef{i, k})
			for _, tok := range m.lits {
				if !seen[tok] {
					seen[tok] = true
					df[tok]++
				}
			}
		}
	}
	tellingDF := tellingDocs(float64(len(c.msgs)))
	heads, tails := splitHeads(c, own)
	tailDocs := map[string]map[int]bool{}
	for ref := range heads {
		addDoc(tailDocs, tails[ref].t.key(), ref.doc)
	}
	for i := range c.msgs {
		have := map[string]bool{}
		for _, m := range c.msgs[i] {
			have[m.t.key()] = true
		}
		addTemplate := func(t *template, of int, kind string) {
			if t == nil || have[t.key()] {
				return
			}
			lits := t.literals()
			if len(lits) == 0 {
				return
			}
			if len(c.msgs[i]) >= maxTemplates {
				return
			}
			have[t.key()] = true
			c.msgs[i] = append(c.msgs[i], compiledMsg{t: t, lits: lits, of: of, kind: kind})
		}
		add := func(src string, of int, kind string) {
			t, err := compile(src)
			if kind == derivedShape {
				t, err = shaped(src), nil
			}
			if err == nil {
				addTemplate(t, of, kind)
			}
		}
		for k := 0; k < own[i]; k++ {
			src := c.msgs[i][k].t.source
			for _, bd := range boundaries(src) {
				inner, err := compile(src[bd.tailStart:])
				if err != nil {
					continue
				}
				for _, ref := range byKey[inner.key()] {
					if ref.doc == i {
						continue
					}
					head := src[:bd.tailStart]
					for kb := 0; kb < own[ref.doc]; kb++ {
						b := c.msgs[ref.doc][kb].t
						if kb != ref.k {
							add(head+b.source, k, derivedInner)
						}
						// The server's exception class between the two:
						// "…: System.NullReferenceException: Object reference …".
						addTemplate(withException(head, b), k, derivedInner)
					}
				}
			}
			ref := msgRef{i, k}
			h, ok := heads[ref]
			if !ok || !generic(h) && tails[ref].t.tokens() < sentenceTokens {
				continue
			}
			t := tails[ref]
			if len(tailDocs[t.t.key()]) != 1 || !distinctiveIn(t, byKey, i, df, tellingDF) {
				continue
			}
			add(t.t.source, k, derivedTail)
		}
		for k, n := 0, len(c.msgs[i]); k < n; k++ {
			m := c.msgs[i][k]
			of := k
			if m.kind != "" {
				of = m.of
			}
			add(m.t.source, of, derivedShape)
		}
	}
}

func addDoc(m map[string]map[int]bool, key string, doc int) {
	if m[key] == nil {
		m[key] = map[int]bool{}
	}
	m[key][doc] = true
}

// A split is one side of a message at its first boundary, compiled.
type split struct {
	t    *template
	text string
}

// splitHeads splits each own message at its first boundary with words on
// both sides.
func splitHeads(c *compiledDocs, own []int) (heads, tails map[msgRef]split) {
	heads, tails = map[msgRef]split{}, map[msgRef]split{}
	for i := range c.msgs {
		for k := 0; k < own[i]; k++ {
			src := c.msgs[i][k].t.source
			for _, bd := range boundaries(src) {
				h, err1 := compile(src[:bd.headEnd])
				t, err2 := compile(strings.TrimSpace(src[bd.tailStart:]))
				if err1 != nil || err2 != nil || h.tokens() == 0 || t.tokens() == 0 {
					continue
				}
				heads[msgRef{i, k}] = split{h, strings.TrimSpace(src[:bd.headEnd])}
				tails[msgRef{i, k}] = split{t, t.source}
				break
			}
		}
	}
	return heads, tails
}

// generic reports whether a message's head says only that something
// failed, and where: an exception class, an HTTP status, or a word that
// means error ("Fout bij exporteren van betaling", "The remote server
// returned an error"). A head that several errors share is not generic in
// itself: "Ongeldige referentie" is what the message says, its tail
// ("Btw-code") only which field.
func generic(h split) bool {
	if exceptionHead.MatchString(h.text) || statusCode.MatchString(h.text) {
		return true
	}
	return slices.ContainsFunc(h.t.literals(), func(tok string) bool { return errorWords[tok] })
}

// distinctiveIn reports whether tail t of a message of doc tells its doc
// apart: two or more tokens, a telling one (in at most tellingDF docs'
// messages), and no message of another doc with its key.
func distinctiveIn(t split, byKey map[string][]msgRef, doc int, df map[string]int, tellingDF int) bool {
	if t.t.tokens() < 2 {
		return false
	}
	for _, ref := range byKey[t.t.key()] {
		if ref.doc != doc {
			return false
		}
	}
	return slices.ContainsFunc(t.t.literals(), func(tok string) bool {
		return df[tok] <= tellingDF && !isNumber(tok)
	})
}

func isNumber(tok string) bool {
	return strings.Trim(tok, "0123456789") == ""
}

// withException returns the template of head, then a placeholder for an
// exception's class (shape "exception"), then inner's parts: how a wrapper
// prints the server's exception it wraps. nil when head does not compile.
func withException(head string, inner *template) *template {
	h, err := compile(head)
	if err != nil || h.tokens() == 0 || len(inner.parts) == 0 || inner.parts[0] == nil {
		return nil
	}
	t := &template{source: head + "{exception} " + inner.source}
	for _, p := range h.parts {
		t.parts = append(t.parts, p)
		t.shape = append(t.shape, "")
	}
	if t.parts[len(t.parts)-1] == nil {
		return nil // a placeholder right before the class: nothing tells them apart
	}
	t.parts = append(t.parts, nil)
	t.shape = append(t.shape, "exception")
	for j, p := range inner.parts {
		t.parts = append(t.parts, p)
		sh := ""
		if inner.shape != nil {
			sh = inner.shape[j]
		}
		t.shape = append(t.shape, sh)
	}
	return t
}
