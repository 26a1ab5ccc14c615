package content

import (
	"slices"
	"sort"
	"strings"

	"github.com/bookzo/exact-help/internal/par"
	"github.com/bookzo/exact-help/internal/search/token"
)

// A pattern is a message template compiled for overlap checks from its key
// (token.Key): the search matches a line by its tokens, so the lines two
// templates could both match are lines of tokens, written with one space
// between tokens. Each token is its runes, and each placeholder an "any"
// item (one rune) followed by a "star" item (any number of runes), so a
// placeholder stands for one or more characters.
type pattern []item

type item struct {
	r    rune // the literal rune; 0 for any and star
	kind byte // 'l' literal, '?' any one rune, '*' any run of runes
}

// compile compiles a message's key. Templates that differ only in case,
// accents, spacing, punctuation or the names of their placeholders have
// one key, and so one pattern: they are the same message (reported by
// checkMessages), not two that overlap.
func compile(key string) pattern {
	var p pattern
	for i, w := range strings.Split(key, " ") {
		if i > 0 {
			p = append(p, item{r: ' ', kind: 'l'})
		}
		if w == token.Placeholder {
			p = append(p, item{kind: '?'}, item{kind: '*'})
			continue
		}
		for _, r := range w {
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

// literalSuffix returns the literal runes after the last placeholder (the
// whole text for a pattern without one).
func (p pattern) literalSuffix() string {
	k := len(p)
	for k > 0 && p[k-1].kind == 'l' {
		k--
	}
	var b strings.Builder
	for _, it := range p[k:] {
		b.WriteRune(it.r)
	}
	return b.String()
}

// overlap reports whether one line can be an instance of both patterns as a
// whole, and returns such a line (placeholders filled with "x").
//
// When both have a placeholder, they overlap exactly when one's literal
// prefix starts the other's and one's literal suffix ends the other's:
// take the longer prefix, then each pattern's inner literal runs in turn,
// then the longer suffix, with a letter between them; each pattern's
// placeholders take what lies between its own runs. So the verdict costs
// the length of the two ends. The example line is the shortest one (a
// breadth-first search of the two patterns' product automaton) when that
// search is small, else the line just described. When one has no
// placeholder, its text is the only line it matches, and the other is
// matched against it.
func overlap(a, b pattern) (string, bool) {
	pa, pb := a.hasPlaceholder(), b.hasPlaceholder()
	switch {
	case !pa && !pb:
		if slices.Equal(a, b) {
			return a.text(), true
		}
		return "", false
	case !pa && b.matches(a):
		return a.text(), true
	case !pb && a.matches(b):
		return b.text(), true
	case !pa || !pb:
		return "", false
	}
	pre, ok := nested(a.literalPrefix(), b.literalPrefix(), strings.HasPrefix)
	if !ok {
		return "", false
	}
	suf, ok := nested(a.literalSuffix(), b.literalSuffix(), strings.HasSuffix)
	if !ok {
		return "", false
	}
	if (len(a)+1)*(len(b)+1) <= shortestStates {
		if line, ok := shortest(a, b); ok {
			return line, true
		}
	}
	return construct(a, b, pre, suf), true
}

// construct writes the line the proof in overlap describes: the longer
// prefix, each pattern's inner runs, the longer suffix, an "x" between.
func construct(a, b pattern, pre, suf string) string {
	var line strings.Builder
	line.WriteString(pre)
	for _, p := range []pattern{a, b} {
		for _, run := range p.innerRuns() {
			line.WriteString("x")
			line.WriteString(run)
		}
	}
	line.WriteString("x")
	line.WriteString(suf)
	return line.String()
}

// nested returns the longer of x and y when the other is its prefix (or
// suffix, by has), and false when neither is.
func nested(x, y string, has func(s, part string) bool) (string, bool) {
	if len(y) > len(x) {
		x, y = y, x
	}
	return x, has(x, y)
}

// text returns the pattern's literal runes, placeholders written as "x".
func (p pattern) text() string {
	var b strings.Builder
	for _, it := range p {
		switch it.kind {
		case 'l':
			b.WriteRune(it.r)
		case '?':
			b.WriteByte('x')
		}
	}
	return b.String()
}

// innerRuns returns the literal runs between the first and the last
// placeholder.
func (p pattern) innerRuns() []string {
	var runs []string
	var cur strings.Builder
	started := false
	for _, it := range p {
		switch {
		case it.kind != 'l':
			if started && cur.Len() > 0 {
				runs = append(runs, cur.String())
			}
			cur.Reset()
			started = true
		case started:
			cur.WriteRune(it.r)
		}
	}
	// What follows the last placeholder is the suffix, not an inner run.
	return runs
}

// matches reports whether the pattern matches the literal pattern s as a
// whole: the greedy match of a glob, going back to the last star on a
// mismatch (a cost of at most len(p)*len(s), usually about len(s)).
func (p pattern) matches(s pattern) bool {
	i, j := 0, 0
	star, mark := -1, 0
	for j < len(s) {
		switch {
		case i < len(p) && p[i].kind == '*':
			star, mark = i, j
			i++
		case i < len(p) && (p[i].kind == '?' || p[i].r == s[j].r):
			i++
			j++
		case star >= 0:
			i = star + 1
			mark++
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i].kind == '*' {
		i++
	}
	return i == len(p)
}

// refines reports whether b refines a: every line b matches, a matches
// too, and b has more letters of fixed text (the search's rule of which
// message names a line: the one with the most fixed text). b's
// placeholders become one rune that only a's placeholders can take.
func refines(a, b pattern) bool {
	if b.letters() <= a.letters() {
		return false
	}
	var s pattern
	for i := 0; i < len(b); i++ {
		if b[i].kind == '?' {
			s = append(s, item{r: -1, kind: 'l'}) // the value, whatever it is
			for i+1 < len(b) && b[i+1].kind == '*' {
				i++
			}
			continue
		}
		s = append(s, b[i])
	}
	return a.matches(s)
}

// letters counts the pattern's letters of fixed text (not its spaces and
// placeholders), as the search counts how specific a message is.
func (p pattern) letters() int {
	n := 0
	for _, it := range p {
		if it.kind == 'l' && it.r != ' ' {
			n++
		}
	}
	return n
}

// shortestStates bounds the search for the shortest example line: two
// messages of about 250 letters each.
const shortestStates = 1 << 16

// shortest returns the shortest line both patterns match, by a breadth-first
// search of the product of their automata: a state (i, j) is a position in
// each.
func shortest(a, b pattern) (string, bool) {
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
	suffix string // p.literalSuffix()
	key    string // token.Key(text)
	ph     bool   // p.hasPlaceholder()
}

func newTemplate(e *Error, i int, text, key string) template {
	p := compile(key)
	return template{e, i, text, p, p.literalPrefix(), p.literalSuffix(), key, p.hasPlaceholder()}
}

// A nest indexes distinct strings for two questions: which of them x
// starts with, and which start with x. Sorted, each string knows its
// parent, the longest other string that it starts with.
type nest struct {
	keys   []string
	parent []int
	items  [][]int
}

func newNest(items map[string][]int) *nest {
	n := &nest{}
	for k := range items {
		n.keys = append(n.keys, k)
	}
	sort.Strings(n.keys)
	n.parent = make([]int, len(n.keys))
	n.items = make([][]int, len(n.keys))
	var stack []int
	for i, k := range n.keys {
		for len(stack) > 0 && !strings.HasPrefix(k, n.keys[stack[len(stack)-1]]) {
			stack = stack[:len(stack)-1]
		}
		n.parent[i] = -1
		if len(stack) > 0 {
			n.parent[i] = stack[len(stack)-1]
		}
		stack = append(stack, i)
		n.items[i] = items[k]
	}
	return n
}

// starts calls f with every key that x starts with, x included. Every such
// key sorts at or before x, and the last key at or before x starts with
// each of them: they are that key or on its chain of parents.
func (n *nest) starts(x string, f func(k int)) {
	k := sort.SearchStrings(n.keys, x)
	if k < len(n.keys) && n.keys[k] == x {
		f(k)
	}
	for k--; k >= 0; k = n.parent[k] {
		if strings.HasPrefix(x, n.keys[k]) {
			f(k)
		}
	}
}

// extends calls f with every key that starts with x and is longer: they
// sort right after x.
func (n *nest) extends(x string, f func(k int)) {
	k := sort.SearchStrings(n.keys, x)
	if k < len(n.keys) && n.keys[k] == x {
		k++
	}
	for ; k < len(n.keys) && strings.HasPrefix(n.keys[k], x); k++ {
		f(k)
	}
}

func reverse(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

// overlapPairs calls found for each pair of templates of different errors
// that one line could match in full. Equal messages (duplicates, reported
// apart) and pairs without a placeholder are skipped.
//
// A line both match starts with both literal prefixes and ends with both
// literal suffixes, so one prefix starts the other and one suffix ends the
// other. Templates are grouped by prefix; each template is compared only
// with the groups whose prefix its own starts with (each pair of groups
// once, from the longer prefix's side), and within a group only with the
// templates whose suffix nests with its own (found by a nest of the
// reversed suffixes). The cost grows with the number of such pairs, not
// with the square of the catalogue: a family sharing "Fout bij " but not
// its end costs nothing.
func overlapPairs(all []template, found func(a, b *template, line string)) {
	byPrefix := map[string][]int{}
	for i := range all {
		byPrefix[all[i].prefix] = append(byPrefix[all[i].prefix], i)
	}
	prefixes := newNest(byPrefix)
	suffixes := make([]*nest, len(prefixes.keys))
	for g, members := range prefixes.items {
		bySuffix := map[string][]int{}
		for _, i := range members {
			r := reverse(all[i].suffix)
			bySuffix[r] = append(bySuffix[r], i)
		}
		suffixes[g] = newNest(bySuffix)
	}
	// Each template's pairs are found on every core, into its own slot,
	// and reported in the templates' order: the same as on one core.
	type hit struct {
		j    int
		line string
	}
	hits := make([][]hit, len(all))
	par.Each(len(all), func(i int) {
		t := &all[i]
		own := -1
		rev := reverse(t.suffix)
		prefixes.starts(t.prefix, func(g int) {
			if prefixes.keys[g] == t.prefix {
				own = g
			}
			visit := func(k int) {
				for _, j := range suffixes[g].items[k] {
					o := &all[j]
					if (g == own && j <= i) || (!t.ph && !o.ph) || o.e == t.e || o.key == t.key {
						continue
					}
					if line, ok := overlap(t.p, o.p); ok {
						hits[i] = append(hits[i], hit{j, line})
					}
				}
			}
			suffixes[g].starts(rev, visit)
			suffixes[g].extends(rev, visit)
		})
	})
	for i := range all {
		for _, h := range hits[i] {
			found(&all[i], &all[h.j], h.line)
		}
	}
}

// overlaps reports pairs of messages of different errors that one pasted line
// could match in full: such a line would lead to two errors (see
// overlapPairs for how the pairs are found). firsts holds, per key, the
// message checkMessages kept; the others are the same message as it, and
// already reported: comparing them too would report each of their
// overlaps again.
func (s *Site) overlaps(add func(e *Error, line int, format string, args ...any), firsts map[string]msgRef) {
	// Compiled on every core, each error's into its own slot.
	per := make([][]template, len(s.Errors))
	par.Each(len(s.Errors), func(k int) {
		e := s.Errors[k]
		for i, m := range e.Messages {
			if key := e.keys[i]; key != "" && firsts[key] == (msgRef{e, i}) {
				per[k] = append(per[k], newTemplate(e, i, m, key))
			}
		}
	})
	all := slices.Concat(per...)
	reported := map[[2]string]bool{}
	overlapPairs(all, func(t, o *template, line string) {
		// A refinement is no overlap: the search names a line by the
		// message with the most fixed text, so when every line one
		// matches the other matches too, and it has more fixed text, each
		// line is named as the writers mean: "Fout bij boeken van
		// kostenplaats in Financieel: {detail}" under "Fout bij boeken van
		// kostenplaats: {detail}", or a general "Ongeldige referentie:
		// {veld}" under "Ongeldige referentie: Btw-code".
		if refines(t.p, o.p) || refines(o.p, t.p) {
			return
		}
		// Once per pair of messages, at the later of the two files (the
		// one the change adds or edits).
		key := [2]string{t.e.ID + "\x00" + t.text, o.e.ID + "\x00" + o.text}
		if key[0] > key[1] {
			key[0], key[1] = key[1], key[0]
		}
		if reported[key] {
			return
		}
		reported[key] = true
		first, second := t, o
		if !s.later(first.e, second.e) {
			first, second = second, first
		}
		line = readable(first, second, line)
		add(second.e, second.e.f.elementLine("messages", second.i, second.text, len(second.e.Messages)),
			"message %q overlaps %q of %s:%d: a log line such as %q matches both; make the fixed text of one of them more specific",
			second.text, first.text, first.e.Path, first.e.f.elementLine("messages", first.i, first.text, len(first.e.Messages)), line)
	})
}

// readable returns an example line for two overlapping templates that a
// writer reads more easily than line, the line of tokens the check found:
// one of the two messages as written, its placeholders filled with "x",
// when the other matches it too.
func readable(a, b *template, line string) string {
	for _, t := range []*template{a, b} {
		var filled strings.Builder
		for _, seg := range t.e.Segments(t.i) {
			if seg.Placeholder {
				filled.WriteString("x")
			} else {
				filled.WriteString(seg.Text)
			}
		}
		p := compile(token.TextKey(filled.String()))
		if a.p.matches(p) && b.p.matches(p) {
			return filled.String()
		}
	}
	return line
}
