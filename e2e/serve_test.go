package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bookzo/exact-help/internal/serve"
	"github.com/bookzo/exact-help/theme"
)

// TestServeOverlayAndReload opens a page of "gen serve" in the browser and
// saves the error file as a writer does: a broken save draws the problem,
// with file and line, over the page that stays in view; the fix removes it
// and the page reloads with the new text, without a keystroke.
func TestServeOverlayAndReload(t *testing.T) {
	t.Parallel()
	requireBrowser(t)
	dir := t.TempDir()
	const siteTOML = "title = \"Test\"\nbaseURL = \"https://help.example.com/\"\nlanguage = \"nl\"\n[support]\nemail = \"support@example.com\"\n[[categories]]\nname = \"instellingen\"\ntitle = \"Instellingen\"\n"
	errorFile := func(title, severity string) []byte {
		return []byte("+++\nid = \"reeds-verwerkt\"\ntitle = \"" + title + "\"\nmessages = [\"Reeds verwerkt\", \"Already processed\"]\ncategory = \"instellingen\"\nseverity = \"" + severity + "\"\n+++\n**Oplossing.** Tekst.\n")
	}
	file := filepath.Join(dir, "content", "errors", "reeds-verwerkt.md")
	os.MkdirAll(filepath.Dir(file), 0o755)
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(siteTOML), 0o644)
	os.WriteFile(file, errorFile("Eerste titel", "error"), 0o644)

	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String() + "/"
	s := serve.New(serve.Options{Src: dir, BaseURL: base, Theme: theme.FS, Debounce: 30 * time.Millisecond})
	if !s.Build() {
		t.Fatal("first build failed")
	}
	srv.Config.Handler = s.Handler()
	srv.Start()
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan error, 1)
	go func() { watching <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-watching
		srv.Close()
	})

	tab := newTab(t)
	navigate(t, tab, base+"errors/reeds-verwerkt/")
	waitFor(t, tab, "the page and its event stream", `document.querySelector("h1")?.textContent.includes("Eerste titel")`, "")
	deadline := time.Now().Add(10 * time.Second)
	for s.Clients() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if s.Clients() == 0 {
		t.Fatal("the page opened no event stream (/_gen/events)")
	}
	// Mark this document: a reload replaces it.
	eval[bool](t, tab, `window.__sameDocument = true`)

	os.WriteFile(file, errorFile("Tweede titel", "rood"), 0o644)
	waitFor(t, tab, "the overlay with the problem's file and line",
		`(document.getElementById("gen-build-problems")?.textContent || "").includes("content/errors/reeds-verwerkt.md:6: severity \"rood\"")`,
		`JSON.stringify(document.getElementById("gen-build-problems")?.textContent ?? "no overlay")`)
	if !eval[bool](t, tab, `window.__sameDocument === true && document.querySelector("h1").textContent.includes("Eerste titel")`) {
		t.Error("a broken save replaced the page; it should stay, under the overlay")
	}
	if role := eval[string](t, tab, `document.getElementById("gen-build-problems").getAttribute("role")`); role != "alert" {
		t.Errorf("overlay role = %q, want alert (announced)", role)
	}

	os.WriteFile(file, errorFile("Derde titel", "error"), 0o644)
	waitFor(t, tab, "the page to reload with the fixed text",
		`window.__sameDocument !== true && document.readyState === "complete" && document.querySelector("h1")?.textContent.includes("Derde titel")`,
		`JSON.stringify(document.querySelector("h1")?.textContent)`)
	if eval[bool](t, tab, `document.getElementById("gen-build-problems") !== null`) {
		t.Error("the overlay is still there after the fix")
	}
}
