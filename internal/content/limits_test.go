package content_test

import (
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
)

const limitsSiteTOML = "title = \"T\"\nbaseURL = \"https://h.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"s@example.com\"\n[[categories]]\nname = \"instellingen\"\ntitle = \"I\"\n"

// TestLimits loads files at and just over each size limit: at the limit
// they load; over it, the file is refused with a message that names the
// limit, and the rest of the site still loads.
func TestLimits(t *testing.T) {
	head := func(fm string) string {
		return "+++\nid = \"groot\"\ntitle = \"Groot\"\nmessages = [\"Groot bestand\", \"Large file\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n" + fm + "+++\n"
	}
	// fmOfSize returns front matter (between the +++ lines) of n bytes.
	fmOfSize := func(n int) string {
		base := strings.TrimPrefix(strings.TrimSuffix(head(""), "+++\n"), "+++\n")
		pad := n - len(base) - len("tags = [\"\"]\n")
		return head("tags = [\"" + strings.Repeat("x", pad) + "\"]\n")
	}
	bodyTo := func(size int) string {
		h := head("")
		return h + "**Oplossing.** " + strings.Repeat("a", size-len(h)-len("**Oplossing.** ")-1) + "\n"
	}
	tests := []struct {
		name string
		file string
		want string // in the diagnostics of groot.md; "" for none
	}{
		{"file at 1 MiB", bodyTo(content.MaxFileSize), ""},
		{"file over 1 MiB", bodyTo(content.MaxFileSize + 1), "the file is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB)"},
		{"front matter at 64 KiB", fmOfSize(content.MaxFrontMatterSize), ""},
		{"front matter over 64 KiB", fmOfSize(content.MaxFrontMatterSize + 1), "the front matter is 65,537 bytes; the limit is 65,536 bytes (64 KiB)"},
		{"51 messages", strings.Replace(head(""), `messages = ["Groot bestand", "Large file"]`, "messages = ["+messages(51)+"]", 1), "51 messages; the limit is 50"},
		{"message over 2000 bytes", strings.Replace(head(""), `"Large file"`, `"`+strings.Repeat("m", 2001)+`"`, 1), "message 2 is 2001 bytes long; the limit is 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := mapFS(map[string]string{
				"site.toml":                     limitsSiteTOML,
				"content/errors/groot.md":       tt.file,
				"content/errors/reeds-klein.md": "+++\nid = \"reeds-klein\"\ntitle = \"Klein\"\nmessages = [\"Reeds klein\", \"Already small\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\n**Oplossing.** X.\n",
			})
			s, ds := content.Load(fsys)
			var got []string
			for _, d := range ds.Errors() {
				got = append(got, d.String())
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("Load: %q, want no errors", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], "content/errors/groot.md") || !strings.Contains(got[0], tt.want)):
				t.Errorf("Load: %q, want one error on groot.md with %q", got, tt.want)
			}
			if s == nil || s.Lookup("reeds-klein") == nil {
				t.Errorf("the other error did not load")
			}
		})
	}
}

func messages(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"Melding nummer ` + strings.Repeat("i", i+1) + ` in de test"`)
	}
	return b.String()
}
