package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeTags are the rule sets axe runs with, on top of its default rules.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// a11yPages are the pages checked for accessibility: one of each kind; an
// error with and one without a written solution; the home page showing
// search results (built by script, so the plain home page does not show
// them); the triage view of a pasted log and of a support link; an error
// page opened from a result, its searched words marked; and the list page
// opened on a link that names no error (its hint) and by the home page's
// search form without JavaScript (its search tip).
var a11yPages = []struct {
	name, path string
	// ready is a JavaScript condition that holds once the page is complete,
	// scripts included.
	ready string
	// search is the one-line search the page was opened from (kept in the
	// tab's sessionStorage); paste a log pasted into the search box.
	search, paste string
}{
	{"home", "/", "", "", ""},
	{"home-results", "/?q=Reeds+verwerkt", `document.querySelector(".results-status")?.textContent.trim() !== ""`, "", ""},
	{"home-triage", "/#triage=http-401-niet-gemachtigd.1,ongeldige-referentie-btw-code.2,http-429-too-many-requests.1;u=3.Kan%20PDF-bijlage%20niet%20uploaden,1", `document.querySelectorAll(".triage-row").length === 3`, "", ""},
	{"home-pasted-log", "/", "", "", unknownLog},
	{"home-honest", "/?q=Kan+PDF-bijlage+niet+uploaden%3A+bestand+is+te+groot", `document.querySelector(".results-honest, .results-empty") !== null`, "", ""},
	{"error", "/errors/http-429-too-many-requests/", "", "", ""},
	{"error-no-solution", "/errors/reeds-verwerkt/", "", "", ""},
	{"error-from-search", "/errors/http-429-too-many-requests/", `document.querySelector("article mark") !== null`, "too many requests", ""},
	{"list", "/errors/", "", "", ""},
	{"list-unknown-hash", "/errors/#unknown-id", `document.querySelector("[data-unknown-hash]")?.hidden === false`, "", ""},
	{"list-search-help", "/errors/?c=#Zoeken", "", "", ""},
	{"404", "/deze-pagina-bestaat-niet/", "", "", ""},
}

// openA11yPage opens one of a11yPages as a reader gets there.
func openA11yPage(t *testing.T, ctx context.Context, srv *served, path, ready, search, paste string) {
	t.Helper()
	if search != "" {
		openSearched(t, ctx, srv, path, search)
		openReady(t, ctx, srv.URL+path, ready)
		return
	}
	openReady(t, ctx, srv.URL+path, ready)
	if paste != "" {
		pasteLog(t, ctx, paste)
	}
}

// openSearched keeps, in the tab's sessionStorage, the one-line search q as
// the home page keeps it when a result to the error page at path opens.
func openSearched(t *testing.T, ctx context.Context, srv *served, path, q string) {
	t.Helper()
	openReady(t, ctx, srv.URL+"/", "")
	id := strings.Trim(strings.TrimPrefix(path, "/errors/"), "/")
	eval[chromedp.Void](t, ctx, `sessionStorage.setItem("help:search", JSON.stringify({q: `+js(q)+`, c: "", id: `+js(id)+`}))`)
}

// TestPagesHaveNoAccessibilityViolations runs axe-core in the home page, the
// error pages, the list page and the 404 page, in light and dark mode, and
// requires zero violations of axe's default rules and of every rule tagged
// wcag2a, wcag2aa, wcag21a, wcag21aa or best-practice (contrast included).
// A failure writes axe's report to testout/axe/<page>-<mode>.json and lists
// each violation with its rule, impact, elements and help page.
func TestPagesHaveNoAccessibilityViolations(t *testing.T) {
	t.Parallel()
	for _, p := range a11yPages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			axe := axeSource(t)
			// One tab for both schemes: the page is opened (searched,
			// pasted) once in light mode and checked, then the reader's
			// system turns dark and it is checked again, as the
			// stylesheet's media query applies to a page already open.
			emulateMedia(t, ctx, "", "light")
			openA11yPage(t, ctx, srv, p.path, p.ready, p.search, p.paste)
			for _, scheme := range []string{"light", "dark"} {
				t.Run(scheme, func(t *testing.T) {
					emulateMedia(t, ctx, "", scheme)
					if dark := eval[bool](t, ctx, `matchMedia("(prefers-color-scheme: dark)").matches`); dark != (scheme == "dark") {
						t.Fatalf("test setup: prefers-color-scheme dark matches = %v in %s mode", dark, scheme)
					}
					report := runAxe(t, ctx, axe)
					if len(report.Violations) == 0 {
						return
					}
					file := writeAxeReport(t, p.name+"-"+scheme, report.raw)
					t.Errorf("axe: %d violations on %s in %s mode (full report: %s):\n%s",
						len(report.Violations), p.path, scheme, file, report.summary())
				})
			}
		})
	}
}

// TestPagesHaveLandmarksOneHeadingAndLabels checks directly what axe checks
// only in part: every page has exactly one h1; a banner, one main, a
// contentinfo and labelled navigation; every search box has a label; and the
// home page announces its result count in a live region.
func TestPagesHaveLandmarksOneHeadingAndLabels(t *testing.T) {
	t.Parallel()
	for _, p := range a11yPages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			srv := realSite(t)
			ctx := newTab(t)
			openA11yPage(t, ctx, srv, p.path, p.ready, p.search, p.paste)

			type structure struct {
				H1           []string `json:"h1"`
				Banners      int      `json:"banners"`
				Mains        int      `json:"mains"`
				ContentInfos int      `json:"contentInfos"`
				Navs         int      `json:"navs"`
				UnnamedNavs  []string `json:"unnamedNavs"`
				SearchBoxes  []string `json:"searchBoxes"` // their accessible labels
			}
			s := eval[structure](t, ctx, `(() => {
  const name = (el) => {
    const by = el.getAttribute("aria-labelledby");
    if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ").trim();
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label").trim();
    return [...(el.labels ?? [])].map((l) => l.textContent).join(" ").trim();
  };
  // header and footer are landmarks only outside article, section, main...
  const top = (sel, role) => [...document.querySelectorAll(sel + ", [role=" + role + "]")]
    .filter((el) => el.getAttribute("role") === role || !el.parentElement.closest("article, aside, main, nav, section")).length;
  const navs = [...document.querySelectorAll("nav, [role=navigation]")];
  return {
    h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
    banners: top("header", "banner"),
    mains: document.querySelectorAll("main, [role=main]").length,
    contentInfos: top("footer", "contentinfo"),
    navs: navs.length,
    unnamedNavs: navs.filter((n) => name(n) === "").map((n) => n.outerHTML.slice(0, 80)),
    searchBoxes: [...document.querySelectorAll("input[type=search], textarea#q, [role=searchbox]")].map(name),
  };
})()`)
			if len(s.H1) != 1 {
				t.Errorf("%s: %d h1 elements %q, want exactly 1", p.path, len(s.H1), s.H1)
			}
			if s.Banners != 1 {
				t.Errorf("%s: %d banner landmarks (a header outside sections), want 1", p.path, s.Banners)
			}
			if s.Mains != 1 {
				t.Errorf("%s: %d main landmarks, want 1", p.path, s.Mains)
			}
			if s.ContentInfos != 1 {
				t.Errorf("%s: %d contentinfo landmarks (a footer outside sections), want 1", p.path, s.ContentInfos)
			}
			if s.Navs == 0 {
				t.Errorf("%s: no nav landmark", p.path)
			}
			for _, n := range s.UnnamedNavs {
				t.Errorf("%s: a nav without aria-label or aria-labelledby: %s…", p.path, n)
			}
			if strings.HasPrefix(p.name, "home") && len(s.SearchBoxes) == 0 {
				t.Errorf("%s: no search box", p.path)
			}
			for i, label := range s.SearchBoxes {
				if label == "" {
					t.Errorf("%s: search box %d has no label (label for=, aria-label or aria-labelledby)", p.path, i+1)
				}
			}
		})
	}

	t.Run("home result count is announced", func(t *testing.T) {
		t.Parallel()
		srv := realSite(t)
		ctx := newTab(t)
		openReady(t, ctx, srv.URL+"/", "")
		do(t, ctx, "typing into the search box", chromedp.Focus("#q"), chromedp.SendKeys("#q", "Reeds verwerkt"))
		// The count must land in (or inside) a live region, where screen
		// readers announce it without moving focus.
		waitFor(t, ctx, "the result count in a live region", `(() => {
  const st = document.querySelector(".results-status");
  if (!st || !/\d+ melding(en)? gevonden|Niets gevonden/.test(st.textContent)) return false;
  const live = st.closest("[role=status], [role=alert], [role=log], [aria-live]");
  return !!live && live.getAttribute("aria-live") !== "off";
})()`, `(() => { const st = document.querySelector(".results-status"); return JSON.stringify(st ? st.outerHTML : "no .results-status element"); })()`)
	})
}

// TestKeyboardFocusIsVisible tabs through the first focusable elements of
// each page, as a keyboard user does, in light and dark mode, and requires
// each focused element to show a focus indicator: an outline or a box
// shadow, and to be visible itself.
func TestKeyboardFocusIsVisible(t *testing.T) {
	t.Parallel()
	const tabs = 15
	for _, p := range a11yPages {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(p.name+"-"+scheme, func(t *testing.T) {
				t.Parallel()
				srv := realSite(t)
				ctx := newTab(t)
				emulateMedia(t, ctx, "", scheme)
				openA11yPage(t, ctx, srv, p.path, p.ready, p.search, p.paste)

				type focused struct {
					Element       string `json:"element"`
					Outline       string `json:"outline"`
					BoxShadow     string `json:"boxShadow"`
					Indicator     bool   `json:"indicator"`
					Visible       bool   `json:"visible"`
					FocusVisible  bool   `json:"focusVisible"`
					NothingActive bool   `json:"nothingActive"`
					Again         bool   `json:"again"`
				}
				for i := range tabs {
					do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
					f := eval[focused](t, ctx, `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {nothingActive: true};
  if (el.hasAttribute("data-test-tabbed")) return {again: true};
  el.setAttribute("data-test-tabbed", "");
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor !== "rgba(0, 0, 0, 0)";
  const shadow = cs.boxShadow !== "none" && cs.boxShadow !== "";
  const r = el.getBoundingClientRect();
  const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
  const text = (el.textContent || el.getAttribute("aria-label") || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40);
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + (text ? " \"" + text + "\"" : ""),
    outline: cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
    boxShadow: cs.boxShadow,
    indicator: outline || shadow,
    visible: r.width > 0 && r.height > 0 && el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    focusVisible: el.matches(":focus-visible"),
  };
})()`)
					if f.NothingActive {
						if i == 0 {
							t.Fatalf("%s: Tab focused nothing", p.path)
						}
						break // focus left the page: every element was reached
					}
					if f.Again {
						break // wrapped around
					}
					if !f.FocusVisible {
						t.Errorf("%s: Tab %d: %s is focused but does not match :focus-visible", p.path, i+1, f.Element)
					}
					if !f.Indicator {
						t.Errorf("%s: Tab %d: %s shows no focus indicator (outline %s, box-shadow %s)", p.path, i+1, f.Element, f.Outline, f.BoxShadow)
					}
					if !f.Visible {
						t.Errorf("%s: Tab %d: %s is focused but not visible", p.path, i+1, f.Element)
					}
					t.Logf("Tab %d: %s (outline %s, box-shadow %s)", i+1, f.Element, f.Outline, f.BoxShadow)
				}
			})
		}
	}
}

// openReady opens url and waits until the document, its scripts and its
// fonts are done, and ready (a JavaScript condition) if given.
func openReady(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	cond := `document.readyState === "complete" && document.fonts.status === "loaded"`
	if ready != "" {
		cond += " && (" + ready + ")"
	}
	waitFor(t, ctx, "the page to be ready", cond, "")
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource returns axe-core's script (node_modules/axe-core/axe.min.js,
// installed by npm ci), or skips the test with a loud message where it is
// missing; in CI (CI=true) a missing axe-core fails the test instead.
func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join(repoRoot, "node_modules", "axe-core", "axe.min.js"))
		axeJS = string(b)
	})
	if axeErr != nil {
		msg := fmt.Sprintf("axe-core not found (%v); run npm ci at the repository root (.ci/run does)", axeErr)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("\n" + strings.Repeat("!", 72) + "\n!!! SKIPPING ACCESSIBILITY TEST: " + msg + "\n" + strings.Repeat("!", 72))
	}
	return axeJS
}

// axeReport is the part of axe's results the test reads; raw is all of it.
type axeReport struct {
	TestEngine struct {
		Version string `json:"version"`
	} `json:"testEngine"`
	Violations []struct {
		ID      string `json:"id"`
		Impact  string `json:"impact"`
		Help    string `json:"help"`
		HelpURL string `json:"helpUrl"`
		Nodes   []struct {
			Target         []any  `json:"target"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	raw []byte
}

// summary lists the violations for people: rule, impact, help, and each
// element with why it fails.
func (r *axeReport) summary() string {
	var b strings.Builder
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "  - %s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "      … and %d more elements\n", len(v.Nodes)-i)
				break
			}
			target, _ := json.Marshal(n.Target)
			why := strings.ReplaceAll(strings.TrimSpace(n.FailureSummary), "\n", "\n        ")
			fmt.Fprintf(&b, "      %s\n        %s\n", target, why)
		}
	}
	return b.String()
}

// runAxe injects axe-core into the page and runs it on the document.
func runAxe(t *testing.T, ctx context.Context, axe string) *axeReport {
	t.Helper()
	// DevTools evaluation is not subject to the page's Content-Security-
	// Policy, which allows no script from elsewhere.
	// Once a page: a second run (the other colour scheme) finds it there.
	if !eval[bool](t, ctx, `typeof axe === "object"`) {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+"\n;typeof axe === 'object'")); err != nil {
			t.Fatalf("injecting axe-core: %v", err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	raw := eval[string](t, ctx, `(async (tags) => {
  // The default rules, plus every rule with one of the tags that is not
  // experimental (some are off by default).
  const rules = {};
  for (const r of axe.getRules(tags)) {
    if (!r.tags.includes("experimental")) rules[r.ruleId] = { enabled: true };
  }
  const res = await axe.run(document, { rules, resultTypes: ["violations"] });
  return JSON.stringify(res);
})(`+string(tags)+`)`)
	var r axeReport
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatalf("decoding axe's results: %v", err)
	}
	r.raw = []byte(raw)
	return &r
}

// writeAxeReport writes axe's results, indented, to testout/axe/<name>.json
// and returns the file's path.
func writeAxeReport(t *testing.T, name string, raw []byte) string {
	t.Helper()
	dir := filepath.Join(repoRoot, "testout", "axe")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		b.Reset()
		b.Write(raw)
	}
	p := filepath.Join(dir, name+".json")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p
}
