package site

import (
	"strings"

	"github.com/bookzo/exact-help/internal/markdown"
)

// sentenceEnd returns the length of text's first sentence: up to a
// period, question or exclamation mark before a space or the end, or all
// of text.
func sentenceEnd(text string) int {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if (c != '.' && c != '!' && c != '?') || i+1 < len(text) && text[i+1] != ' ' {
			continue
		}
		// Not after an abbreviation ("Rekening nr. verkoop", "i.p.v."):
		// a word of one letter, or a known short form.
		word := strings.ToLower(text[strings.LastIndexByte(text[:i], ' ')+1 : i])
		if c == '.' && !strings.HasSuffix(word, ")") && (len(strings.TrimLeft(word, "(")) == 1 || strings.Contains(word, ".") || abbreviations[word]) {
			continue
		}
		return i + 1
	}
	return len(text)
}

// firstSentence returns text up to the end of its first sentence, at most
// 200 characters, cut at a word.
func firstSentence(text string) string {
	return shorten(text[:sentenceEnd(text)], 200)
}

// sentences splits text into its sentences.
func sentences(text string) []string {
	var out []string
	for text = strings.TrimSpace(text); text != ""; {
		n := sentenceEnd(text)
		out = append(out, text[:n])
		text = strings.TrimSpace(text[n:])
	}
	return out
}

// abbreviations are the Dutch short forms that end in a period inside a
// sentence.
var abbreviations = map[string]bool{"nr": true, "bijv": true, "bv": true, "ca": true, "incl": true, "excl": true,
	"evt": true, "max": true, "min": true, "enz": true, "etc": true, "tel": true, "resp": true, "vs": true, "dhr": true, "mevr": true}

// maxSteps is the most steps of a solution the triage view shows; the
// error's page has them all.
const maxSteps = 4

// solutionSteps returns the steps the triage view numbers for a solution:
// the items of its first numbered list; without one, its sentences, less
// the statements it opens with (a warning such as "Deze fout komt bij een
// nieuwe synchronisatie niet meer terug, maar ..."), unless nothing else is
// left. At most maxSteps, each cut to 200 characters.
func solutionSteps(res markdown.Result) []string {
	steps := res.Steps
	if len(steps) == 0 {
		steps = sentences(res.Solution)
		i := 0
		for i < len(steps) && statement(steps[i]) {
			i++
		}
		if i < len(steps) {
			steps = steps[i:]
		}
	}
	var out []string
	for _, s := range steps[:min(len(steps), maxSteps)] {
		out = append(out, shorten(s, 200))
	}
	return out
}

// statement reports whether a sentence states something rather than says
// what to do. A Dutch instruction starts with its verb ("Controleer ...",
// "Maak ...", "Bestaat het contact niet, maak het dan aan"); a statement
// with its subject: an article, a demonstrative, a pronoun or "er" ("Deze
// fout komt ...", "Het kan ..."), or a warning's lead ("Let op", "Belangrijk").
func statement(sentence string) bool {
	words := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool {
		return r == ' ' || r == ':' || r == ',' || r == '!' || r == '.'
	})
	if len(words) == 0 {
		return false
	}
	if len(words) > 1 && words[0] == "let" && words[1] == "op" {
		return true
	}
	return statementLeads[words[0]]
}

// statementLeads are the words a Dutch statement opens with and an
// instruction does not.
var statementLeads = map[string]bool{
	"de": true, "het": true, "een": true, "deze": true, "dit": true, "die": true, "dat": true, "er": true,
	"hij": true, "zij": true, "ze": true, "wij": true, "we": true, "belangrijk": true, "opgelet": true, "waarschuwing": true,
}
