package markdown

import (
	"strings"
	"testing"
)

// TestPartFormsRenderAsTheOneForm: every way of writing a part that parts
// recognises renders exactly as the one form, and is found as that part.
func TestPartFormsRenderAsTheOneForm(t *testing.T) {
	tests := []struct{ one, written string }{
		{"**Oplossing.** Vul", "Oplossing: Vul"},
		{"**Oplossing.** Vul", "Oplossing. Vul"},
		{"**Oplossing.** Vul", "oplossing: Vul"},
		{"**Oplossing.** Vul", "**Oplossing** Vul"},
		{"**Oplossing.** Vul", "**Oplossing:** Vul"},
		{"**Oplossing.** Vul", "**Oplossing**: Vul"},
		{"**Oplossing.** Vul", "**oplossing**. Vul"},
		{"**Oplossing.** Vul", "__Oplossing__ Vul"},
		{"**Oplossing.** Vul", "*Oplossing.* Vul"},
		{"**Oplossing.** Vul", "**Oplossing :** Vul"},
		{"**Oplossing.** Vul", "Oplossing - Vul"},
		{"**Oplossing.** Vul", "Oplossing – Vul"},
		{"**Oplossing.** Vul", "Oplossing:Vul"},
		{"**Oplossing.** Vul", "Oplossing; Vul"},
		{"**Oplossing.**\nVul", "Oplossing -\nVul"},
		{"**Oorzaak.** X.\n\n**Oplossing.** Vul", "Oorzaak - X.\n\nOplossing:Vul"},
		// Stars astray: a space inside them, one too few or too many, or no
		// space after them.
		{"**Oplossing.** Vul", "**Oplossing.**Vul"},
		{"**Oplossing.** Vul", "**Oplossing**Vul"},
		{"**Oplossing.** Vul", "**Oplossing:**Vul"},
		{"**Oplossing.** Vul", "** Oplossing.** Vul"},
		{"**Oplossing.** Vul", "**Oplossing. ** Vul"},
		{"**Oplossing.** Vul", "**Oplossing.* Vul"},
		{"**Oplossing.** Vul", "*Oplossing.** Vul"},
		{"**Oplossing.** Vul", "** Oplossing **: Vul"},
		{"**Oplossing.** Vul *de* code in.", "**Oplossing.**Vul *de* code in."},
		{"**Oplossing.** [Zie](https://x.nl).", "**Oplossing.**[Zie](https://x.nl)."},
		{"**Oplossing.**\nVul", "** Oplossing.**\nVul"},
		{"- **Oplossing.** Y.", "- **Oplossing.**Y."},
		{"**Oorzaak.** De code ontbreekt.\n\n**Oplossing.** Vul in.", "**Oorzaak.**De code ontbreekt.\n\n**Oplossing.**Vul in."},
		{"**Oorzaak.** X.\n\n**Oplossing.** Vul in.", "**Oorzaak.** X.\n**Oplossing.**Vul in."},
		{"**Oplossing.** Vul *de* code in.", "Oplossing: Vul *de* code in."},
		{"**Oplossing.**\nVul", "Oplossing\nVul"},
		{"**Oplossing.**\nVul", "**Oplossing**\nVul"},
		{"**Oplossing.**", "OPLOSSING"},
		{"**Oplossing.**\n\nVul", "## Oplossing\n\nVul"},
		{"**Oplossing.**\n\nVul", "### Oplossing:\n\nVul"},
		{"**Oplossing.**\n\nVul", "Oplossing\n---------\n\nVul"},
		{"**Oplossing.** Vul", "### Oplossing: Vul"},
		{"**Oplossing.**\n\n1. a\n2. b", "Oplossing:\n1. a\n2. b"},
		{"**Oplossing.**\n\n1. a\n2. b", "## Oplossing\n1. a\n2. b"},
		{"- **Oplossing.** Y.", "- Oplossing: Y."},
		{"> **Oplossing.** Y.", "> Oplossing: Y."},
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", "Oorzaak: X.\n\nOplossing: Y."},
		{"**Oorzaak.**\n\nX.\n\n**Oplossing.**\n\nY.", "## Oorzaak\n\nX.\n\n## Oplossing\n\nY."},
		// The solution on the line below the cause: split as a blank line would.
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", "**Oorzaak.** X.\n**Oplossing.** Y."},
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", "**Oorzaak.** X.   \n**Oplossing.** Y."},
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", "**Oorzaak.** X. \nOplossing: Y."},
		{"**Oorzaak.** X.\n\n**Oplossing.** Y.", "Oorzaak: X.\n*Oplossing* Y."},
		{"Intro.\n\n**Oorzaak.** X.\n\n**Oplossing.** Y.", "Intro.\n**Oorzaak.** X.\n**Oplossing:** Y."},
		{"**Oorzaak.** X\nen meer.\n\n**Oplossing.** Y\nen meer.", "**Oorzaak.** X\nen meer.\n**Oplossing.** Y\nen meer."},
		{"**Oorzaak.** X!\n\n**Oplossing.** Y.", "**Oorzaak.** X!\nOplossing. Y."},
		{"**Oorzaak.** Waarom?\n\n**Oplossing.**\nY.", "**Oorzaak.** Waarom?\nOplossing\nY."},
		{"**Oorzaak.** X\n\n**Oplossing.** Y.", "**Oorzaak.** X\n*Oplossing.* Y."}, // bold or italics: after any line
	}
	r := New()
	for _, tt := range tests {
		one := r.Render([]byte(tt.one), linker())
		got := r.Render([]byte(tt.written), linker())
		if string(got.HTML) != string(one.HTML) {
			t.Errorf("Render(%q) = %q, want %q, as Render(%q)", tt.written, got.HTML, one.HTML, tt.one)
		}
		if (got.CauseLine > 0) != (one.CauseLine > 0) || (got.SolutionLine > 0) != (one.SolutionLine > 0) || got.Solution != one.Solution || got.Text != one.Text {
			t.Errorf("Render(%q): cause %d, solution %d %q, text %q; want the parts of %q: %d, %d %q, %q",
				tt.written, got.CauseLine, got.SolutionLine, got.Solution, got.Text, tt.one, one.CauseLine, one.SolutionLine, one.Solution, one.Text)
		}
	}
}

// TestPartLookAlikesStayText: text that only starts like a part is left as
// written.
func TestPartLookAlikesStayText(t *testing.T) {
	for _, src := range []string{
		"Oplossingen: er zijn er twee.",
		"Oplossing van het probleem: wacht.",
		"Oplossing vul de code in.",
		"Oplossing *nu*.",
		"Oplossing-richting: wacht.",
		"Oplossing:5",
		"Oplossing -- wacht",
		"Dit is de eerste\nOplossing - wacht.", // inside a paragraph: only "." or ":"
		"Dit is de eerste\nOplossing;wacht.",
		"Zie **Oplossing.** hieronder.",
		"**De oplossing.** Y.",
		"**Oplossing. Vul de code in.**",
		"** Oplossing van het probleem.** Y.",
		"**Oplossingen:**Y.",
		"Zie ** Oplossing.** hieronder.",
		"## Oplossing voor Exact Online",
		"Dit is de eerste\noplossing: u kunt wachten.", // lower case inside a paragraph
		"Zie de\nOplossingen hieronder.",
		"Het probleem zit in de\nOplossing. Van Exact komt een nieuwe versie.", // a wrapped line
		"Het probleem zit in de\nOplossing: die van Exact.",
		"Kies een\nOplossing\nuit de lijst.",
		"`Oplossing:` in code",
		"    Oplossing: in code",
		// A word in a sentence: punctuation other than "." or ":" after it.
		"**Oplossing**, zie hieronder.",
		"**Oplossing**? Die is er niet, bel ons.",
		"**Oplossing**-stappen: wacht.",
		"**Oplossing**/workaround: wacht.",
		// An underscore inside a word is no emphasis.
		"Het veld\n_oplossing_id is leeg.",
		"_oplossing_id is leeg.",
	} {
		plain := strings.NewReplacer("Oplossing", "Xplossing", "oplossing", "xplossing").Replace(src)
		a := New().Render([]byte(src), linker())
		b := New().Render([]byte(plain), linker())
		want := strings.NewReplacer("Xplossing", "Oplossing", "xplossing", "oplossing").Replace(string(b.HTML))
		if string(a.HTML) != want || a.SolutionLine != 0 {
			t.Errorf("Render(%q) = %q, solution line %d; want it as written: %q, 0", src, a.HTML, a.SolutionLine, want)
		}
	}
}

// TestPartLines: the lines of the parts are where the writer wrote them,
// also when parts splits a paragraph or turns a heading into one.
func TestPartLines(t *testing.T) {
	tests := []struct {
		src             string
		cause, solution int
	}{
		{"**Oorzaak.** X.\n**Oplossing.** Y.", 1, 2},
		{"Intro\nmet twee regels.\nOorzaak: X\nen nog iets.\n*Oplossing.* Y.", 3, 5},
		{"\n\n## Oorzaak\n\nX.\n\nOplossing\n---\n\nY.", 3, 7},
		{"- Oplossing: in een lijst", 0, 1},
	}
	for _, tt := range tests {
		res := New().Render([]byte(tt.src), linker())
		if res.CauseLine != tt.cause || res.SolutionLine != tt.solution {
			t.Errorf("Render(%q): CauseLine, SolutionLine = %d, %d; want %d, %d", tt.src, res.CauseLine, res.SolutionLine, tt.cause, tt.solution)
		}
	}
}
