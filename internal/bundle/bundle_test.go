package bundle

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

var theme = fstest.MapFS{
	"static/main.js":      {Data: []byte("// The entry.\nimport { twice } from \"./lib/twice.js\";\nimport { FOLD } from \"./lib/fold.js\";\nexport function run(longArgumentName) {\n  return twice(longArgumentName) + FOLD;\n}\n")},
	"static/lib/twice.js": {Data: []byte("/** twice doubles. */\nexport const twice = (n) => n * 2;\nexport const unused = 1;\n")},
	"static/lib/fold.js":  {Data: []byte("export const FOLD = \"from the theme\";\n")},
	"static/bare.js":      {Data: []byte("import x from \"lodash\";\nexport default x;\n")},
	"static/broken.js":    {Data: []byte("export const a = ;\n")},
}

// TestModule: one module with the entry's exports, without comments,
// imports or long names; a generated file wins over the theme's; the same
// inputs give the same bytes.
func TestModule(t *testing.T) {
	gen := map[string][]byte{"static/lib/fold.js": []byte("export const FOLD = \"généré\";\n")}
	got, err := Module(theme, "static/main.js", gen)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{"export{", "as run}", `"généré"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the bundle lacks %q:\n%s", want, s)
		}
	}
	for _, not := range []string{"import", "The entry", "longArgumentName", "from the theme", "unused"} {
		if strings.Contains(s, not) {
			t.Errorf("the bundle holds %q:\n%s", not, s)
		}
	}
	again, err := Module(theme, "static/main.js", gen)
	if err != nil || !bytes.Equal(got, again) {
		t.Errorf("a second bundle differs (%v):\n%s\n%s", err, got, again)
	}
}

// TestModuleErrors: a bare import, a syntax error and a missing module are
// errors that name the module.
func TestModuleErrors(t *testing.T) {
	for entry, want := range map[string]string{
		"static/bare.js":    `static/bare.js:1: import "lodash": only relative imports are bundled`,
		"static/broken.js":  "static/broken.js:1: Unexpected",
		"static/missing.js": "missing.js",
	} {
		_, err := Module(theme, entry, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Module(%s) = %v, want an error with %q", entry, err, want)
		}
	}
}
