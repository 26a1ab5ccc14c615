package anchors

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
)

func site(t *testing.T, errors map[string]string) *content.Site {
	t.Helper()
	fsys := fstest.MapFS{"site.toml": {Data: []byte("title = \"T\"\nbaseURL = \"https://x.example/\"\nlanguage = \"nl\"\n[support]\nemail = \"a@b.c\"\n[[categories]]\nname = \"cc\"\ntitle = \"C\"\n")}}
	for id, extra := range errors {
		fsys["content/errors/"+id+".md"] = &fstest.MapFile{Data: []byte("+++\nid = \"" + id + "\"\ntitle = \"" + id + "\"\nmessages = [\"m " + id + "\"]\ncategory = \"cc\"\nseverity = \"error\"\n" + extra + "+++\nx\n")}
	}
	s, ds := content.Load(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	return s
}

func TestVerify(t *testing.T) {
	lock, ds := Parse([]byte("# comment\n\naa-old\nbb\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	tests := []struct {
		name    string
		errors  map[string]string
		require bool
		want    []string
	}{
		{"all present", map[string]string{"aa-old": "", "bb": ""}, true, nil},
		{"renamed with alias", map[string]string{"aa-new": "aliases = [\"aa-old\"]\n", "bb": ""}, false, nil},
		{"renamed with alias, not recorded", map[string]string{"aa-new": "aliases = [\"aa-old\"]\n", "bb": ""}, true, []string{
			`content/errors/aa-new.md:2: id "aa-new" is not in anchors.lock yet: run go run ./cmd/gen and commit anchors.lock, or add the line aa-new to it`,
		}},
		{"renamed without alias", map[string]string{"aa-new": "", "bb": ""}, false, []string{
			`anchors.lock:3: anchor "aa-old" was published (support may have sent /errors/#aa-old) but no error has it any more: add "aa-old" to the aliases of the error that replaces it, or put it back as the id or alias it was`,
		}},
		{"deleted", map[string]string{"aa-old": ""}, false, []string{
			`anchors.lock:4: anchor "bb" was published (support may have sent /errors/#bb) but no error has it any more: add "bb" to the aliases of the error that replaces it, or put it back as the id or alias it was`,
		}},
		{"new alias not recorded", map[string]string{"aa-old": "aliases = [\"aa-x\"]\n", "bb": ""}, true, []string{
			`content/errors/aa-old.md:7: alias "aa-x" is not in anchors.lock yet: run go run ./cmd/gen and commit anchors.lock, or add the line aa-x to it`,
		}},
	}
	for _, tt := range tests {
		ds := lock.Verify(site(t, tt.errors), tt.require, nil)
		ds.Sort()
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: Verify =\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestParseRejectsBadLines(t *testing.T) {
	_, ds := Parse([]byte("ok-id\n../etc\nUpper\n"))
	if len(ds) != 2 || ds[0].Line != 2 || ds[1].Line != 3 {
		t.Errorf("Parse diagnostics = %v, want lines 2 and 3", ds)
	}
}

func TestUpdateIsStableAndKeepsOld(t *testing.T) {
	lock, _ := Parse([]byte("zz-gone\naa\n"))
	s := site(t, map[string]string{"aa": "aliases = [\"aa-alias\"]\n", "mm": ""})
	first := lock.Update(s)
	again, _ := Parse(first)
	second := again.Update(s)
	if string(first) != string(second) {
		t.Errorf("Update is not stable:\n%s\n---\n%s", first, second)
	}
	body := strings.TrimPrefix(string(first), header)
	if body != "aa\naa-alias\nmm\nzz-gone\n" {
		t.Errorf("Update = %q, want the sorted union of record and site", body)
	}
}

func TestUpdateKeepsComments(t *testing.T) {
	l, ds := Parse([]byte(header + "# renamed from btw-code on 2026-11-02, see #41\nreeds-verwerkt\n"))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	out := string(l.Update(&content.Site{}))
	if !strings.Contains(out, "\n# renamed from btw-code on 2026-11-02, see #41\n") || strings.Count(out, header) != 1 {
		t.Errorf("Update dropped or doubled comments:\n%s", out)
	}
	again, _ := Parse([]byte(out))
	if string(again.Update(&content.Site{})) != out {
		t.Error("a second Update changes the record")
	}
}
