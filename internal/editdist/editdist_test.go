package editdist

import "testing"

func TestBytes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"messages", "messages", 0},
		{"mesages", "messages", 1},
		{"oplosing", "oplossing", 1},
		{"aflossing", "oplossing", 2},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
	} {
		if got := Bytes(tt.a, tt.b); got != tt.want {
			t.Errorf("Bytes(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Bytes(tt.b, tt.a); got != tt.want {
			t.Errorf("Bytes(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}
