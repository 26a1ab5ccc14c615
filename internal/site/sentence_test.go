package site

import "testing"

func TestFirstSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Los de foutmeldingen op. Wacht dan 60 minuten.", "Los de foutmeldingen op."},
		{"Controleer bij Instellingen het Rekening nr. verkoop. Daarna opnieuw.", "Controleer bij Instellingen het Rekening nr. verkoop."},
		{"Stel de btw-code in i.p.v. het grootboeknummer. Klaar.", "Stel de btw-code in i.p.v. het grootboeknummer."},
		{"Geef de factuur een ander nummer (99 ervoor o.i.d.). Synchroniseer.", "Geef de factuur een ander nummer (99 ervoor o.i.d.)."},
		{"Is dit de oorzaak? Dan helpt dit.", "Is dit de oorzaak?"},
		{"Versie 2.5 of hoger", "Versie 2.5 of hoger"},
	} {
		if got := firstSentence(c.in); got != c.want {
			t.Errorf("firstSentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
