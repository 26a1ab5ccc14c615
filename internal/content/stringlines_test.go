package content

import (
	"reflect"
	"testing"
)

func TestStringLines(t *testing.T) {
	tests := []struct {
		v    string
		want []int
	}{
		{` "Let op."`, []int{0}},
		{` "Regel een.\n\nRegel drie."`, []int{0, 0, 0}},
		{` """` + "\nEen\nTwee\n" + `"""`, []int{1, 2, 3}},
		{` """Een` + "\nTwee" + `"""`, []int{0, 1}},
		{` """` + "\nEen \\\n   verder\nTwee\n" + `"""`, []int{1, 3, 4}},
		{` """` + "\nEen \\  \n\n\n  verder\nTwee" + `"""`, []int{1, 5}},
		{` """` + "\nEen \\\\\nTwee" + `"""`, []int{1, 2}}, // \\ is a backslash, not a line end
		{` '''` + "\nEen \\\nTwee" + `'''`, []int{1, 2}},   // no escapes in a literal string
		{` 'Een \n'`, []int{0}},
		{` 42`, nil},
	}
	for _, tt := range tests {
		if got := stringLines(tt.v); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("stringLines(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
