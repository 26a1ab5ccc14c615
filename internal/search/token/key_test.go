package token

import "testing"

func TestKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Reeds verwerkt", "reeds verwerkt"},
		{"Geen période voor datum {d}", "geen periode voor datum {}"},
		{"geen periode voor  datum {datum}", "geen periode voor datum {}"},
		{"GEEN PERIODE VOOR DATUM: {x}.", "geen periode voor datum {}"},
		{"Ongeldige referentie: Btw-code", "ongeldige referentie btw code"},
		{"(503) Server Unavailable", "503 server unavailable"},
		{"Straße", "strasse"},
		{"e\u0301e", "ee"}, // a decomposed é is e too
		{"{veld} is leeg: {waarde}.", "{} is leeg {}"},
		{"{a} - {b}", "{} {}"},
		{"json {{x}} {y}", "json x {}"},
		{"{x}", "{}"},
		{"...", ""},
		{"", ""},
		{"{unclosed", ""},
		{"{Bad}", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Reeds verwerkt.", "reeds verwerkt"},
		{"reeds-verwerkt", "reeds verwerkt"},
		{"Klik op {x}", "klik op x"},
		{"{", ""},
	}
	for _, tt := range tests {
		if got := TextKey(tt.in); got != tt.want {
			t.Errorf("TextKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
