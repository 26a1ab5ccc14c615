package site_test

import (
	"os"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/corpus"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// TestCompactAboveThreshold builds 100 generated errors with compactAbove =
// 50: the list page keeps an anchored entry with title (linking the error's
// page) and messages for every error but leaves out their text, and the
// home page lists ten errors per category with a link to the rest. Below the
// threshold both pages are complete. (TestCompactListPageAtScale checks the
// compact list page's entries and weight.)
func TestCompactAboveThreshold(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 100, 7); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		above   int
		compact bool
	}{{50, true}, {100, false}} {
		cs, ds := content.Load(os.DirFS(dir))
		if len(ds.Errors()) > 0 {
			t.Fatal(ds)
		}
		cs.Config.CompactAbove = tt.above
		s, _ := site.New(cs, theme.FS, site.Options{})
		out := site.MemWriter{}
		if _, err := s.Write(out); err != nil {
			t.Fatal(err)
		}
		list, home := string(out["errors/index.html"]), string(out["index.html"])
		for _, e := range cs.Errors {
			if !strings.Contains(list, `id="`+e.ID+`"`) {
				t.Errorf("compactAbove=%d: list page lacks the anchor of %s", tt.above, e.ID)
			}
		}
		hasText := strings.Contains(list, "<strong>Oorzaak.</strong>")
		homeLinks := strings.Count(home, `data-error-id="`)
		if tt.compact {
			if hasText {
				t.Errorf("compact list page still carries the errors' text")
			}
			for _, e := range cs.Errors {
				if entry := `<li id="` + e.ID + `"><a href="/errors/` + e.ID + `/">`; !strings.Contains(list, entry) {
					t.Errorf("compact list page lacks the entry %s", entry)
				}
			}
			if homeLinks != 80 || !strings.Contains(home, "meldingen in ") {
				t.Errorf("compact home page lists %d errors (want 10 in each of 8 categories) or lacks the links to the rest", homeLinks)
			}
		} else if !hasText || homeLinks != 100 {
			t.Errorf("below the threshold: list text %v, home lists %d errors; want all", hasText, homeLinks)
		}
	}
}
