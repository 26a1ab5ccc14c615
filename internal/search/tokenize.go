package search

import "github.com/bookzo/exact-help/internal/search/token"

// The tokenizer, its folding table included, lives in package token
// (internal/search/token/token.go), so that package content can check
// messages with the same rules without importing search; these are its
// names in this package.

// Tokenize splits text into folded words, the same way as tokenize in
// theme/static/search.js: see the package documentation.
func Tokenize(text string) []string { return token.Split(text) }

// eachToken calls yield with each token of text, in a buffer that is reused
// after yield returns.
func eachToken(text string, yield func(tok []byte)) { token.Each(text, yield) }

// The rune rules, for the plain tokenizer of the tests (tokenizeRunes).
func foldRune(r rune) string { return token.Fold(r) }
func ideograph(r rune) bool  { return token.Ideograph(r) }
func wordRune(r rune) bool   { return token.WordRune(r) }

// FoldJS returns the engine's assets/engine/fold.js (see token.FoldJS).
func FoldJS() []byte { return token.FoldJS() }
