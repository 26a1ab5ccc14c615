package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/bookzo/exact-help/internal/editdist"
)

// parts gives the two parts of a body their one form. A body's cause and
// solution start with a bold word at the start of a paragraph,
// "**Oorzaak.**" and "**Oplossing.**"; writers also write "Oplossing:",
// "**Oplossing**", "**Oplossing:**", "**Oplossing**:", "*Oplossing.*", a
// heading "## Oplossing", or put the solution on the line right below the
// cause, without the blank line that starts a paragraph. parts rewrites each
// of these to the one form, so that the page shows them exactly as
// "**Oplossing.**" at the start of a paragraph, and Render finds the parts by
// that form alone (see part).
//
// What it recognises, in any case:
//
//   - at the start of a paragraph, a list item's text or a heading: the
//     word in bold or italics, with or without "." or ":" inside or right
//     after the emphasis; or the plain word followed by "." or ":" and a
//     space, or alone on its line; at the start of a paragraph also by
//     ";" and a space, a dash between spaces ("Oplossing - Vul"), or ":"
//     and a letter ("Oplossing:Vul");
//   - the same with the stars astray, which Markdown shows as typed: no
//     space after them ("**Oplossing.**Vul"), a space inside them
//     ("** Oplossing.**", "**Oplossing. **", "**Oplossing :**"), or a star
//     too few or too many ("**Oplossing.*", "*Oplossing.**"); a missing
//     space after the lead is put in;
//   - a heading that is only the word (or starts with it, "." or ":" and a
//     space) becomes a paragraph;
//   - inside a paragraph, at the start of a line: the word in bold or
//     italics, or, after a line that ends a sentence (".", "!", "?", ":"),
//     the plain word with a capital and "." or ":" (or alone on its line);
//     the paragraph is split there, as a blank line would.
type parts struct{}

// Extend registers parts with goldmark.
func (parts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(parts{}, 100)))
}

// Transform implements parser.ASTTransformer.
func (parts) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if !containsFold(src, "oorzaak") && !containsFold(src, "oplossing") {
		return
	}
	var blocks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			blocks = append(blocks, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, b := range blocks {
		apply := leadPart(b, src)
		if b.Kind() == ast.KindHeading {
			if apply == nil {
				continue
			}
			p := ast.NewParagraph()
			p.SetLines(b.Lines())
			p.SetBlankPreviousLines(b.HasBlankPreviousLines())
			for c := b.FirstChild(); c != nil; {
				next := c.NextSibling()
				p.AppendChild(p, c)
				c = next
			}
			b.Parent().ReplaceChild(b.Parent(), b, p)
			b = p
		}
		if apply != nil {
			apply()
		}
		if p, ok := b.(*ast.Paragraph); ok {
			splitParts(p, src)
		}
	}
}

// partLead returns the lead of a part in its one form, "Oorzaak." or
// "Oplossing.", when w is that word in any case, trimmed, with or without a
// final "." or ":"; "" otherwise.
func partLead(w string) string {
	switch strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(w), ".:"))) {
	case "oorzaak":
		return "Oorzaak."
	case "oplossing":
		return "Oplossing."
	}
	return ""
}

// leadPart reports whether block b starts with a part and returns the
// function that gives that start its one form; nil when it does not.
func leadPart(b ast.Node, src []byte) func() {
	if apply := starPart(b.FirstChild(), src); apply != nil {
		return apply
	}
	switch c := b.FirstChild().(type) {
	case *ast.Emphasis:
		return emphasisPart(c, src)
	case *ast.Text:
		return textPart(c, src, false)
	}
	return nil
}

// emphasisPart is leadPart for a part written in bold or italics: the
// emphasis becomes the bold lead, and a "." or ":" right after it goes.
func emphasisPart(em *ast.Emphasis, src []byte) func() {
	for c := em.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() != ast.KindText && c.Kind() != ast.KindString {
			return nil
		}
	}
	t := string(inlineText(em, src))
	lead := partLead(t)
	if lead == "" {
		return nil
	}
	next, _ := em.NextSibling().(*ast.Text)
	punct := next != nil && next.Segment.Len() > 0 && strings.ContainsRune(".:", rune(src[next.Segment.Start]))
	if next != nil && next.Segment.Len() > 0 && t == strings.TrimRight(t, ".:") {
		// "**Oplossing**, zie hieronder", "**Oplossing**-stappen": a word
		// in a sentence, not a lead (a letter right after is a lead
		// without its space: "**Oplossing**Vul").
		if r := firstRune(next.Segment.Value(src)); !unicode.IsSpace(r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".:", r) {
			return nil
		}
	}
	if em.Level == 2 && t == lead && !punct && !needsSpace(em.NextSibling(), src) {
		return func() {} // the one form already
	}
	return func() {
		if punct {
			next.Segment = text.NewSegment(next.Segment.Start+1, next.Segment.Stop)
			dropEmpty(next)
		}
		parent := em.Parent()
		bold := boldLead(lead)
		parent.ReplaceChild(parent, em, bold)
		spaceAfter(bold, src)
	}
}

// starLead matches the start of a line that is the lead of a part in bold
// or italics with its stars astray: a space inside them ("** Oplossing.**",
// "**Oplossing. **", "**Oplossing :**"), one star too few or too many
// ("**Oplossing.*", "*Oplossing.**"), or no space after them
// ("**Oplossing.**Vul", which Markdown does not take as bold at all).
var starLead = regexp.MustCompile(`(?i)^(?:\*{1,3}|_{1,3})[ \t]*(oorzaak|oplossing)[ \t]*[.:]?[ \t]*(?:\*{1,3}|_{1,3})(?:[ \t]*[.:])?`)

// starPart is leadPart for a lead whose stars Markdown could not match as
// the writer meant (see starLead): n, the first inline of a line, and those
// after it that the lead covers become the bold lead. A lead that Markdown
// reads as bold or italics, with no star left over, is emphasisPart's. nil
// when n starts no such lead.
func starPart(n ast.Node, src []byte) func() {
	start, _, ok := inlineExtent(n)
	if !ok {
		return nil
	}
	if t, isText := n.(*ast.Text); isText && t.Segment.Padding > 0 {
		return nil // text after a tab: not the start of a line
	}
	stop := start + bytes.IndexByte(src[start:], '\n')
	if stop < start {
		stop = len(src)
	}
	m := starLead.FindSubmatchIndex(src[start:stop])
	if m == nil {
		return nil
	}
	end := start + m[1]
	if src[start] == '_' && end < stop {
		// "_oplossing_id": an underscore inside a word is no emphasis.
		if r, _ := utf8.DecodeRune(src[end:stop]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return nil
		}
	}
	lead := partLead(string(src[start+m[2] : start+m[3]]))
	var covered []ast.Node
	stray := false
	for c := n; c != nil; c = c.NextSibling() {
		s, e, ok := inlineExtent(c)
		if !ok {
			return nil
		}
		if s >= end {
			break
		}
		if t, isText := c.(*ast.Text); isText {
			stray = stray || bytes.ContainsAny(t.Segment.Value(src), "*_")
		} else if e > end {
			return nil // the lead ends inside an emphasis
		}
		covered = append(covered, c)
		if e >= end {
			break
		}
	}
	if !stray {
		return nil // bold or italics as Markdown reads it: emphasisPart's
	}
	return func() {
		parent := n.Parent()
		bold := boldLead(lead)
		parent.InsertBefore(parent, n, bold)
		for _, c := range covered {
			if t, isText := c.(*ast.Text); isText && (t.Segment.Stop > end || t.SoftLineBreak() || t.HardLineBreak()) {
				t.Segment = text.NewSegment(max(t.Segment.Start, end), t.Segment.Stop)
				dropEmpty(t)
				continue
			}
			parent.RemoveChild(parent, c)
		}
		spaceAfter(bold, src)
	}
}

// inlineExtent returns where an inline of text, or bold or italics around
// text, is in the source, its stars included; ok is false for any other
// inline.
func inlineExtent(n ast.Node) (start, stop int, ok bool) {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start, n.Segment.Stop, true
	case *ast.Emphasis:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			s, e, ok := inlineExtent(c)
			if !ok {
				return 0, 0, false
			}
			if c == n.FirstChild() {
				start = s
			}
			stop = e
		}
		if n.FirstChild() == nil {
			return 0, 0, false
		}
		return start - n.Level, stop + n.Level, true
	}
	return 0, 0, false
}

// spaceAfter puts a space between the bold lead and what follows it on its
// line, "**Oplossing.**Vul", as the one form has.
func spaceAfter(bold *ast.Emphasis, src []byte) {
	if needsSpace(bold.NextSibling(), src) {
		bold.Parent().InsertAfter(bold.Parent(), bold, ast.NewString([]byte(" ")))
	}
}

// needsSpace reports whether n, the inline after a lead, starts right after
// it, without a space.
func needsSpace(n ast.Node, src []byte) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *ast.Text:
		v := n.Segment.Value(src)
		return len(v) > 0 && v[0] != ' ' && v[0] != '\t'
	case *ast.String:
		return len(n.Value) > 0 && n.Value[0] != ' '
	}
	return true
}

// textPart is leadPart for a part written as plain text: the word followed
// by "." or ":" and a space (or the end of the text), or the word alone on
// its line. Inside a paragraph (mid), the word must start with a capital.
func textPart(t *ast.Text, src []byte, mid bool) func() {
	if t.Segment.Padding > 0 {
		return nil // text after a tab: not the start of a line
	}
	v := t.Segment.Value(src)
	var lead string
	for _, w := range []string{"Oorzaak", "Oplossing"} {
		if len(v) >= len(w) && strings.EqualFold(string(v[:len(w)]), w) && (!mid || v[0] == w[0]) {
			lead = w + "."
			break
		}
	}
	if lead == "" {
		return nil
	}
	n := len(lead) - 1
	rest := v[n:]
	// The parser may have cut the line's text in two ("Oplossing", " -"):
	// a dash is looked for in the text of the line that follows.
	run := []*ast.Text{t}
	for last := t; !last.SoftLineBreak() && !last.HardLineBreak(); {
		next, ok := last.NextSibling().(*ast.Text)
		if !ok || next.Segment.Start != last.Segment.Stop {
			break
		}
		run, last = append(run, next), next
	}
	line := src[t.Segment.Start:run[len(run)-1].Segment.Stop]
	switch {
	case len(rest) == 0 && !mid && dashLead.Match(line[n:]):
		n += dashLead.FindIndex(line[n:])[1]
	case len(rest) == 0:
		alone := t.SoftLineBreak() || t.HardLineBreak() || t.NextSibling() == nil
		if !alone {
			return nil
		}
	case (rest[0] == '.' || rest[0] == ':') && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'):
		n++
	case mid:
		return nil
	case rest[0] == ';' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'):
		n++ // "Oplossing; vul"
	case rest[0] == ':' && unicode.IsLetter(firstRune(rest[1:])):
		n++ // "Oplossing:Vul"
	default:
		m := dashLead.FindIndex(line[n:]) // "Oplossing - Vul"
		if m == nil {
			return nil
		}
		n += m[1]
	}
	return func() {
		bold := boldLead(lead)
		t.Parent().InsertBefore(t.Parent(), t, bold)
		end := t.Segment.Start + n
		for _, r := range run {
			if r.Segment.Start < end {
				r.Segment = text.NewSegment(min(end, r.Segment.Stop), r.Segment.Stop)
				dropEmpty(r)
			}
		}
		spaceAfter(bold, src)
	}
}

// dashLead matches a dash after the word of a lead, "Oplossing - Vul" (a
// hyphen, en dash or em dash with a space before and after it).
var dashLead = regexp.MustCompile(`^[ \t]+(?:-|–|—)(?:[ \t]|$)`)

// firstRune returns the first character of b, 0 for none.
func firstRune(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// nearSolution returns the lead of block b when it looks like the lead of a
// solution but is not one: a bold or italic start, a heading, or the plain
// words before a ":", ";" or " -" at the start of a paragraph, that is
// "Oplossing" misspelt (see misspelt), or "De oplossing" or "Solution". ""
// otherwise.
func nearSolution(b ast.Node, src []byte) string {
	var t string
	switch b.Kind() {
	case ast.KindHeading:
		t = string(inlineText(b, src))
	case ast.KindParagraph, ast.KindTextBlock:
		switch c := b.FirstChild().(type) {
		case *ast.Emphasis:
			t = string(inlineText(c, src))
		case *ast.Text:
			// Plain text: the words before a ":", ";" or " -" that ends
			// them, "Oplossingen:", "De oplossing: vul"; not a sentence
			// that holds the word.
			if c.Segment.Padding > 0 {
				return ""
			}
			v := string(c.Segment.Value(src))
			i := strings.IndexAny(v, ":;")
			if d := strings.Index(v, " -"); d >= 0 && (i < 0 || d < i) {
				i = d + 1
			}
			if i < 0 {
				return ""
			}
			t = v[:i+1]
		default:
			return ""
		}
	default:
		return ""
	}
	w := strings.ToLower(strings.TrimRight(strings.TrimSpace(t), ".:;- "))
	if w == "oplossing" || len(w) > 20 {
		return ""
	}
	if w == "de oplossing" || w == "solution" || misspelt(w, "oplossing") {
		return strings.TrimSpace(t)
	}
	return ""
}

// misspelt reports whether w is word misspelt: a letter or two off
// ("oplosing", "oplossingen"), with its first two letters right. Writers
// mistype a word's middle and end, seldom its start; a word that differs
// there is another word, as "aflossing" (a loan's repayment, a word of
// the invoices these pages explain) is.
func misspelt(w, word string) bool {
	return len(w) >= 2 && w[:2] == word[:2] && editdist.Bytes(w, word) <= 2
}

// boldLead returns the lead of a part in its one form: **Oplossing.**
func boldLead(lead string) *ast.Emphasis {
	em := ast.NewEmphasis(2)
	em.AppendChild(em, ast.NewString([]byte(lead)))
	return em
}

// dropEmpty removes a text that no longer shows anything: empty, and not a
// line break.
func dropEmpty(t *ast.Text) {
	if t.Segment.Len() == 0 && !t.SoftLineBreak() && !t.HardLineBreak() {
		t.Parent().RemoveChild(t.Parent(), t)
	}
}

// splitParts splits paragraph p before each part that starts one of its
// lines after the first, as if a blank line stood there, and gives each
// such part its one form. It visits each child and line of p once: a
// paragraph of thousands of parts costs no more than thousands of
// paragraphs.
func splitParts(p *ast.Paragraph, src []byte) {
	splits := partSplits(p, src)
	if len(splits) == 0 {
		return
	}
	segs := splitLines(p, splits, src)
	p.SetLines(segs[0])
	moveParts(p, splits, segs[1:], src)
	for _, sp := range splits {
		sp.apply()
	}
}

// A partSplit is where splitParts splits a paragraph: before at, a child
// that starts a line and a part.
type partSplit struct {
	at    ast.Node
	prev  *ast.Text // the line's end before at
	apply func()    // gives the part its one form
}

// partSplits returns where paragraph p splits, in order: before each
// child that starts a line after the first with a part's lead.
func partSplits(p *ast.Paragraph, src []byte) []partSplit {
	var splits []partSplit
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		prev, ok := c.PreviousSibling().(*ast.Text)
		if !ok || !prev.SoftLineBreak() && !prev.HardLineBreak() {
			continue
		}
		var apply func()
		apply = starPart(c, src)
		switch c := c.(type) {
		case *ast.Emphasis:
			if apply == nil {
				apply = emphasisPart(c, src)
			}
		case *ast.Text:
			// A plain word is a lead only after a sentence's end: else it
			// is a wrapped line's first word ("... zit in de\nOplossing.
			// van Exact").
			if apply == nil && endsSentence(src[:lineStart(src, c.Segment.Start)]) {
				apply = textPart(c, src, true)
			}
		}
		if apply != nil {
			splits = append(splits, partSplit{c, prev, apply})
		}
	}
	return splits
}

// splitLines divides the lines of p at the splits: the first segments are
// the lines that stay p's, the next ones those of the paragraph that
// starts at each split's line.
func splitLines(p *ast.Paragraph, splits []partSplit, src []byte) []*text.Segments {
	starts := make([]int, len(splits))
	for i, sp := range splits {
		starts[i] = lineStart(src, nodeOffset(sp.at, src))
	}
	lines := p.Lines()
	segs := make([]*text.Segments, len(splits)+1)
	for i := range segs {
		segs[i] = text.NewSegments()
	}
	k := 0 // the paragraph of the line
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for k < len(starts) && seg.Start >= starts[k] {
			k++
		}
		segs[k].Append(seg)
	}
	return segs
}

// moveParts inserts a paragraph after p for each split, with the lines
// segs[i] and the children from the split to the next, ending each
// paragraph where its last line ends.
func moveParts(p *ast.Paragraph, splits []partSplit, segs []*text.Segments, src []byte) {
	paras := make([]*ast.Paragraph, len(splits))
	for i := range splits {
		paras[i] = ast.NewParagraph()
		paras[i].SetBlankPreviousLines(true)
	}
	parent, next := p.Parent(), p.NextSibling()
	for i, sp := range splits {
		q := paras[i]
		q.SetLines(segs[i])
		stop := ast.Node(nil)
		if i+1 < len(splits) {
			stop = splits[i+1].at
		}
		for c := sp.at; c != stop; {
			n := c.NextSibling()
			q.AppendChild(q, c)
			c = n
		}
		endParagraph(sp.prev, src)
		if next != nil {
			parent.InsertBefore(parent, next, q)
		} else {
			parent.AppendChild(parent, q)
		}
	}
}

// endsSentence reports whether the text before a line, that of the line
// above, ends a sentence: with ".", "!", "?" or ":", spaces after it
// allowed.
func endsSentence(before []byte) bool {
	line := bytes.TrimRight(before, " \t\n")
	return len(line) > 0 && strings.IndexByte(".!?:", line[len(line)-1]) >= 0
}

// endParagraph makes t the last text of a paragraph: no line break after it,
// and, as a paragraph's last line, no trailing spaces.
func endParagraph(t *ast.Text, src []byte) {
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	raw := src[t.Segment.Start:t.Segment.Stop]
	t.Segment = text.NewSegmentPadding(t.Segment.Start, t.Segment.Start+len(bytes.TrimRight(raw, " \t")), t.Segment.Padding)
	dropEmpty(t)
}

// lineStart returns the offset of the start of the line that holds offset.
func lineStart(src []byte, offset int) int {
	for offset > 0 && src[offset-1] != '\n' {
		offset--
	}
	return offset
}

// containsFold reports whether b holds the lower-case ASCII word in any
// case.
func containsFold(b []byte, word string) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		j := 0
		for j < len(word) && b[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
