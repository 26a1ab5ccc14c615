package content

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bookzo/exact-help/internal/message"
)

// A pattern is a message template compiled for overlap checks: folded
// literal runes, and for each placeholder an "any" item (one rune) followed by
// a "star" item (any number of runes), so a placeholder stands for one or more
// characters.
type pattern []item

type item struct {
	r    rune // the literal rune; 0 for any and star
	kind byte // 'l' literal, '?' any one rune, '*' any run of runes
}

// foldMessage lower-cases and collapses each run of white space to one
// space: differences a pasted line does not care about. Spaces at the ends
// are kept, because a literal segment may end next to a placeholder.
func foldMessage(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func compile(segs []message.Segment) pattern {
	var p pattern
	for _, s := range segs {
		if s.Placeholder {
			p = append(p, item{kind: '?'}, item{kind: '*'})
			continue
		}
		for _, r := range foldMessage(s.Text) {
			p = append(p, item{r: r, kind: 'l'})
		}
	}
	return p
}

// literalPrefix returns the literal runes before the first placeholder.
func (p pattern) literalPrefix() string {
	var b strings.Builder
	for _, it := range p {
		if it.kind != 'l' {
			break
		}
		b.WriteRune(it.r)
	}
	return b.String()
}

func (p pattern) hasPlaceholder() bool {
	return slices.ContainsFunc(p, func(it item) bool { return it.kind != 'l' })
}

// overlap reports whether one line can be an instance of both patterns as a
// whole, and returns such a line (placeholders filled with "x"). It explores
// the product of the two patterns' automata breadth first.
func overlap(a, b pattern) (string, bool) {
	type state struct{ i, j int }
	type link struct {
		prev state
		r    rune // the rune consumed to get here; -1 for a skip
	}
	seen := map[state]link{{0, 0}: {state{-1, -1}, -1}}
	queue := []state{{0, 0}}
	push := func(from, to state, r rune) {
		if _, ok := seen[to]; !ok {
			seen[to] = link{from, r}
			queue = append(queue, to)
		}
	}
	end := state{len(a), len(b)}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if s == end {
			var out []rune
			for cur := s; cur.i >= 0; {
				l := seen[cur]
				if l.r >= 0 {
					out = append(out, l.r)
				}
				cur = l.prev
			}
			slices.Reverse(out)
			return string(out), true
		}
		// A star may stop matching.
		if s.i < len(a) && a[s.i].kind == '*' {
			push(s, state{s.i + 1, s.j}, -1)
		}
		if s.j < len(b) && b[s.j].kind == '*' {
			push(s, state{s.i, s.j + 1}, -1)
		}
		if s.i == len(a) || s.j == len(b) {
			continue
		}
		x, y := a[s.i], b[s.j]
		next := func(it item, k int) int {
			if it.kind == '*' {
				return k // a star stays after consuming
			}
			return k + 1
		}
		switch {
		case x.kind == 'l' && y.kind == 'l':
			if x.r == y.r {
				push(s, state{s.i + 1, s.j + 1}, x.r)
			}
		case x.kind == 'l':
			push(s, state{s.i + 1, next(y, s.j)}, x.r)
		case y.kind == 'l':
			push(s, state{next(x, s.i), s.j + 1}, y.r)
		default:
			push(s, state{next(x, s.i), next(y, s.j)}, 'x')
		}
	}
	return "", false
}

// A template is one message of one error, for the overlap check.
type template struct {
	e      *Error
	i      int // index in e.Messages
	text   string
	p      pattern
	prefix string // p.literalPrefix()
}

// overlaps reports pairs of messages of different errors that one pasted line
// could match in full: such a line would lead to two errors. Only templates
// with placeholders can overlap without being equal (equal ones are reported
// as duplicates), and a pair can only overlap if their literal beginnings
// agree, so each such template is compared with the few whose folded text
// starts alike.
func (s *Site) overlaps(add func(e *Error, line int, format string, args ...any)) {
	var all []template
	for _, e := range s.Errors {
		for i, m := range e.Messages {
			segs := e.Segments(i)
			if segs == nil {
				continue
			}
			p := compile(segs)
			all = append(all, template{e, i, m, p, p.literalPrefix()})
		}
	}
	// Sorted by literal prefix, so that candidates sharing a beginning are
	// adjacent.
	slices.SortStableFunc(all, func(x, y template) int { return strings.Compare(x.prefix, y.prefix) })
	prefixes := make([]string, len(all))
	for i, t := range all {
		prefixes[i] = t.prefix
	}
	reported := map[[2]string]bool{}
	for _, t := range all {
		if !t.p.hasPlaceholder() {
			continue
		}
		pre := t.prefix
		// Candidates: templates whose prefix starts with pre, or that pre
		// starts with (a shorter literal prefix followed by a placeholder).
		var cands []int
		lo, _ := slices.BinarySearch(prefixes, pre)
		for k := lo; k < len(all) && strings.HasPrefix(prefixes[k], pre); k++ {
			cands = append(cands, k)
		}
		// Shorter prefixes that pre starts with: look each length up.
		for n := 0; n < len(pre); n++ {
			if !utf8.RuneStart(pre[n]) {
				continue
			}
			k, found := slices.BinarySearch(prefixes, pre[:n])
			for ; found && k < len(all) && prefixes[k] == pre[:n]; k++ {
				if all[k].p.hasPlaceholder() {
					cands = append(cands, k)
				}
			}
		}
		for _, k := range cands {
			o := all[k]
			if o.e == t.e || messageKey(o.text) == messageKey(t.text) {
				continue // equal messages are reported as duplicates
			}
			key := [2]string{t.e.ID + "\x00" + t.text, o.e.ID + "\x00" + o.text}
			if key[0] > key[1] {
				key[0], key[1] = key[1], key[0]
			}
			if reported[key] {
				continue
			}
			if line, ok := overlap(t.p, o.p); ok {
				reported[key] = true
				first, second := t, o
				if !s.later(first.e, second.e) {
					first, second = second, first
				}
				add(second.e, second.e.f.elementLine("messages", second.i, second.text, len(second.e.Messages)),
					"message %q overlaps %q of %s: a log line such as %q matches both; make the fixed text of one of them more specific",
					second.text, first.text, first.e.Path, line)
			}
		}
	}
}
