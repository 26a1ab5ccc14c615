package content

import (
	"strings"
	"unicode"
)

// The sync log shows an error in Dutch or in English, depending on which
// side (Exact, .NET) answered in which language. A customer may paste either,
// so an error should list both texts. These words tell the two apart in the
// short technical sentences of the log; words both languages share ("server",
// "in") are in neither list.
var dutchWords = wordSet(`de het een van niet bij voor geen deze kan worden is naar met op fout
	ongeldige ongeldig referentie reeds verwerkt gebruik externe geretourneerd gemachtigd bevat
	datum tabel periode exporteren betaling mislukt herkende indeling omgezet naam interne
	serverfout objectverwijzing exemplaar ingesteld matchen beschikbaar verzoeken klant te veel
	verplicht veld ontbreekt bestaat geblokkeerd boekingen waarde leeg`)

var englishWords = wordSet(`the an of to not is was error invalid reference returned remote
	occurred while sending getting cannot could be empty there no with this resource found for
	segment object instance set unavailable too many requests already processed unauthorized
	unrecognized format entry sales use exception internal customer resolved name payment
	exporting direct message response required field missing exist does blocked
	entries value`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// language guesses whether a message is Dutch ("nl") or English ("en"), or
// "" when its words do not tell.
func language(msg string) string {
	nl, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(msg), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if dutchWords[w] {
			nl++
		}
		if englishWords[w] {
			en++
		}
	}
	switch {
	case nl > en:
		return "nl"
	case en > nl:
		return "en"
	}
	return ""
}

// counterparts warns about errors whose messages are all in one language: a
// writer's to-do, not a failure, because some texts exist in one language only.
func (s *Site) counterparts(ds *Diagnostics) {
	for _, e := range s.Errors {
		langs := map[string]bool{}
		for _, m := range e.Messages {
			if l := language(m); l != "" {
				langs[l] = true
			}
		}
		if len(langs) != 1 {
			continue
		}
		have, want := "Dutch", "English"
		if langs["en"] {
			have, want = "English", "Dutch"
		}
		*ds = append(*ds, Diagnostic{Path: e.Path, Line: e.KeyLine("messages"), Warning: true,
			Todo: TodoLanguage, Note: have + " messages",
			Msg: "only " + have + " messages: add the " + want + " text the sync log may show too, if there is one"})
	}
}
