package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// quickLinkify is goldmark's GFM autolink parser (extension.Linkify) behind
// a cheap test: that parser runs at every word and looks for an e-mail
// address in it, a fifth of all Markdown parsing here. A word can only be an
// autolink if it starts with http:, https:, ftp: or www., or holds an @
// before the next space, so every other word is passed over at once; the
// links found are exactly goldmark's.
type quickLinkify struct {
	inner parser.InlineParser
}

// Extend registers the parser with goldmark, where extension.Linkify would.
func (q *quickLinkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(q, 999)))
}

func newQuickLinkify() *quickLinkify {
	return &quickLinkify{inner: extension.NewLinkifyParser()}
}

// Trigger implements parser.InlineParser.
func (q *quickLinkify) Trigger() []byte { return q.inner.Trigger() }

// Parse implements parser.InlineParser.
func (q *quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if !mayLink(line) {
		return nil
	}
	return q.inner.Parse(parent, block, pc)
}

var linkPrefixes = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www.")}

// mayLink reports whether the text at the start of line can begin an
// autolink.
func mayLink(line []byte) bool {
	for _, p := range linkPrefixes {
		if bytes.HasPrefix(line, p) {
			return true
		}
	}
	for _, c := range line {
		switch c {
		case '@':
			return true
		case ' ', '\t', '\n':
			return false
		}
	}
	return false
}
