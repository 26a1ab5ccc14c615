package content

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestStringBreaks(t *testing.T) {
	t.Parallel()
	type b = NoticeBreak
	tests := []struct {
		v    string
		want []NoticeBreak
	}{
		{` "Let op."`, []b{{0, 0}}},
		{` "Regel een.\n\nRegel drie."`, []b{{0, 0}, {11, 0}, {12, 0}}},
		{` """` + "\nEen\nTwee\n" + `"""`, []b{{0, 1}, {4, 2}, {9, 3}}},
		{` """Een` + "\nTwee" + `"""`, []b{{0, 0}, {4, 1}}},
		{` """` + "\nEen \\\n   verder\nTwee\n" + `"""`, []b{{0, 1}, {4, 2}, {11, 3}, {16, 4}}},
		{` """` + "\nEen \\  \n\n\n  verder\nTwee" + `"""`, []b{{0, 1}, {4, 4}, {11, 5}}},
		{` """` + "\nEen \\\\\nTwee" + `"""`, []b{{0, 1}, {6, 2}}}, // \\ is a backslash, not a line end
		{` '''` + "\nEen \\\nTwee" + `'''`, []b{{0, 1}, {6, 2}}},   // no escapes in a literal string
		{` 'Een \n'`, []b{{0, 0}}},
		{` """` + "\nCaf\\u00e9 \\\n   verder\nTwee" + `"""`, []b{{0, 1}, {6, 2}, {13, 3}}}, // é is two bytes
		{` 42`, nil},
	}
	for _, tt := range tests {
		got := stringBreaks(tt.v)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("stringBreaks(%q) = %v, want %v", tt.v, got, tt.want)
			continue
		}
		// Each break to a new line of the file is where the decoded text
		// goes on with the first word written on that line.
		var doc struct{ N any }
		if _, err := toml.Decode("N ="+tt.v, &doc); err != nil {
			t.Fatal(err)
		}
		text, ok := doc.N.(string)
		if !ok {
			continue
		}
		lines := strings.Split(tt.v, "\n")
		for k, br := range got {
			if k > 0 && got[k-1].Line == br.Line {
				continue // a \n: the same line of the file
			}
			word := strings.Fields(strings.Trim(lines[br.Line], ` "'\`))
			if br.Offset > len(text) || (len(word) > 0 && br.Offset < len(text) && !strings.HasPrefix(text[br.Offset:], strings.Split(word[0], `\`)[0])) {
				t.Errorf("stringBreaks(%q): break %v is not where line %d's text %q is in %q", tt.v, br, br.Line, word, text)
			}
		}
	}
}

func TestNoticeLine(t *testing.T) {
	t.Parallel()
	h := Home{NoticeBreaks: []NoticeBreak{{0, 4}, {12, 5}, {30, 7}}}
	for _, tt := range []struct{ offset, line int }{{0, 4}, {11, 4}, {12, 5}, {29, 5}, {30, 7}, {500, 7}} {
		if got := h.NoticeLine(tt.offset); got != tt.line {
			t.Errorf("NoticeLine(%d) = %d, want %d", tt.offset, got, tt.line)
		}
	}
}
