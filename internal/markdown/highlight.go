package markdown

import (
	"bytes"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// highlighter renders fenced code blocks with chroma, with CSS classes
// (prefix hl-) that StyleSheet styles. One formatter serves every block:
// chroma's formatter computes its style table once and is safe for
// concurrent use, where making one per block (as goldmark-highlighting does)
// costs more than the highlighting of a short block. A block without a
// language, or in one chroma does not know, is plain code.
//
// A catalogue repeats its code blocks (the same query or command in many
// errors of a family): each distinct block (language and code) is
// highlighted once per Renderer, and its HTML reused.
type highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
	plain     bool     // no highlighting: every block as <pre><code>
	done      sync.Map // language + "\x00" + code -> the block's HTML ([]byte)
}

func newHighlighter(plain bool) *highlighter {
	st := styles.Get(lightStyle)
	if st == nil {
		st = styles.Fallback
	}
	return &highlighter{
		plain:     plain,
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-")),
		style:     st,
	}
}

// Extend registers the renderer with goldmark.
func (h *highlighter) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, 200)))
}

// RegisterFuncs implements renderer.NodeRenderer.
func (h *highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func (h *highlighter) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		code.Write(line.Value(src))
	}
	lang := n.Language(src)
	if lang != nil && !h.plain {
		if out, ok := h.highlight(string(lang), code.String()); ok {
			_, _ = w.Write(out)
			return ast.WalkContinue, nil
		}
	}
	_, _ = w.WriteString("<pre><code")
	if lang != nil {
		_, _ = w.WriteString(` class="language-`)
		html.DefaultWriter.Write(w, lang)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	html.DefaultWriter.RawWrite(w, code.Bytes())
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// highlight returns the HTML of code in lang, and false for a language
// chroma does not know or code it cannot read.
func (h *highlighter) highlight(lang, code string) ([]byte, bool) {
	key := lang + "\x00" + code
	if out, ok := h.done.Load(key); ok {
		return out.([]byte), true
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	tokens, err := tokenise(chroma.Coalesce(lexer), code)
	if err != nil {
		return nil, false
	}
	var b bytes.Buffer
	if h.formatter.Format(&b, h.style, chroma.Literator(tokens...)) != nil {
		return nil, false
	}
	out, _ := h.done.LoadOrStore(key, b.Bytes())
	return out.([]byte), true
}

// tokenise returns the tokens of code. chroma gives each regular
// expression match 250 ms of wall time; a match that a loaded machine (or
// the race detector) stalls past that fails, and its text comes out as an
// Error token: the same file would highlight differently from one build to
// the next. A stall only adds Error tokens, so of up to three runs the one
// with the fewest is the true one (a real Error token, text the lexer
// cannot read, is in every run).
func tokenise(lexer chroma.Lexer, code string) ([]chroma.Token, error) {
	var best []chroma.Token
	bestErrors := -1
	for try := 0; try < 3 && bestErrors != 0; try++ {
		it, err := lexer.Tokenise(nil, code)
		if err != nil {
			return nil, err
		}
		tokens := it.Tokens()
		errs := 0
		for _, t := range tokens {
			if t.Type == chroma.Error {
				errs++
			}
		}
		if bestErrors < 0 || errs < bestErrors {
			best, bestErrors = tokens, errs
		}
	}
	return best, nil
}
