package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// titleLink is one error title that is a link, as TestErrorTitlesLookLikeLinks
// sees it.
type titleLink struct {
	Text       string  `json:"text"`
	Retired    bool    `json:"retired"`
	Color      string  `json:"color"`
	Decoration string  `json:"decoration"` // text-decoration-line
	Background string  `json:"background"` // the first opaque one behind it
	Contrast   float64 `json:"contrast"`   // of its colour on that background
}

type titleLinks struct {
	Body   string      `json:"body"` // the body text's colour
	Link   string      `json:"link"` // the colour of the footer's support link
	Titles []titleLink `json:"titles"`
	Error  string      `json:"error"`
}

// contrastJS defines, in the page, luminance-based contrast (WCAG 2) and a
// lookup of the opaque background behind an element.
const contrastJS = `
const rgb = (s) => {
  const m = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(s);
  if (!m) throw new Error("not an rgb() colour: " + s);
  return {r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4]};
};
const lum = (c) => {
  const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
};
const contrast = (a, b) => {
  const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const backgroundOf = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (rgb(bg).a === 1) return bg;
  }
  return "rgb(255, 255, 255)";
};
`

// TestErrorTitlesLookLikeLinks looks at every error title that is a link,
// on the home page, a category page, an error page's related errors, the
// list page and the search results, in light and dark mode: each has the
// colour of the theme's other links (unlike the body text; a retired one
// keeps its grey), an underline, text contrast of at least 4.5:1 on its
// background, and a visible focus outline of at least 3:1 when reached by
// Tab.
func TestErrorTitlesLookLikeLinks(t *testing.T) {
	t.Parallel()
	type page struct {
		name  string
		site  func(*testing.T) *served
		path  string
		sel   string // selector of the title elements
		ready string // a JavaScript condition, "" for the loaded page
	}
	pages := []page{
		{"home", realSite, "/", "a.error-link .error-title", ""},
		{"category", realSite, "/categories/instellingen-exact/", "a.error-link .error-title", ""},
		{"related", realSite, "/errors/betaling-export-objectverwijzing/", ".related a.error-link .error-title", ""},
		{"list", realSite, "/errors/", ".error-block h3 a", ""},
		{"results", realSite, "/?q=Reeds+verwerkt", "a.result-link .result-title", `document.querySelector(".result-title") !== null`},
		{"list with a retired error", basicSite, "/errors/", ".error-block h3 a", ""},
		{"home with a retired error", basicSite, "/", "a.error-link .error-title", ""},
	}
	for _, p := range pages {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(p.name+"-"+scheme, func(t *testing.T) {
				t.Parallel()
				srv := p.site(t)
				ctx := newTab(t)
				emulateMedia(t, ctx, "", scheme)
				openReady(t, ctx, srv.URL+p.path, p.ready)
				got := eval[titleLinks](t, ctx, `(() => {`+contrastJS+`
  try {
    const titles = [...document.querySelectorAll(`+js(p.sel)+`)].map((el) => {
      const cs = getComputedStyle(el);
      const bg = backgroundOf(el);
      return {
        text: el.textContent.trim(),
        retired: !!el.closest(".is-retired"),
        color: cs.color, decoration: cs.textDecorationLine, background: bg,
        contrast: contrast(cs.color, bg),
      };
    });
    return {
      body: getComputedStyle(document.body).color,
      link: getComputedStyle(document.querySelector("footer.site-footer a")).color,
      titles,
    };
  } catch (e) { return {error: String(e)}; }
})()`)
				if got.Error != "" {
					t.Fatal(got.Error)
				}
				if len(got.Titles) == 0 {
					t.Fatalf("%s: no error titles %s", p.path, p.sel)
				}
				if got.Link == got.Body {
					t.Fatalf("test setup: the footer's link has the body text's colour %s", got.Body)
				}
				for _, tl := range got.Titles {
					if !tl.Retired && tl.Color != got.Link {
						t.Errorf("%s: title %q has colour %s, want the links' %s (body text: %s)", p.path, tl.Text, tl.Color, got.Link, got.Body)
					}
					if tl.Color == got.Body {
						t.Errorf("%s: title %q has the body text's colour %s", p.path, tl.Text, tl.Color)
					}
					if tl.Decoration != "underline" {
						t.Errorf("%s: title %q has text-decoration-line %q, want underline", p.path, tl.Text, tl.Decoration)
					}
					if tl.Contrast < 4.5 {
						t.Errorf("%s: title %q: contrast %.2f:1 of %s on %s, want at least 4.5:1", p.path, tl.Text, tl.Contrast, tl.Color, tl.Background)
					}
				}

				// Focus: Tab from a stand-in button placed just before the
				// first title's link reaches that link, which shows an
				// outline.
				type focus struct {
					Reached  bool    `json:"reached"`
					Visible  bool    `json:"visible"`
					Outline  string  `json:"outline"`
					Contrast float64 `json:"contrast"`
					Error    string  `json:"error"`
				}
				if !eval[bool](t, ctx, `(() => {
  const a = document.querySelector(`+js(p.sel)+`).closest("a");
  const b = document.createElement("button");
  b.id = "test-before";
  b.textContent = "before";
  a.before(b);
  b.focus();
  return document.activeElement === b;
})()`) {
					t.Fatal("test setup: could not focus a button before the first title")
				}
				do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
				f := eval[focus](t, ctx, `(() => {`+contrastJS+`
  try {
    const a = document.querySelector(`+js(p.sel)+`).closest("a");
    const cs = getComputedStyle(a);
    const shown = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
    return {
      reached: document.activeElement === a,
      visible: a.matches(":focus-visible") && shown,
      outline: cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor,
      contrast: shown ? contrast(cs.outlineColor, backgroundOf(a.parentElement)) : 0,
    };
  } catch (e) { return {error: String(e)}; }
})()`)
				if f.Error != "" {
					t.Fatal(f.Error)
				}
				if !f.Reached {
					t.Fatal("Tab from the button before the first title did not reach its link")
				}
				if !f.Visible {
					t.Errorf("%s: the focused title link shows no focus outline (%s)", p.path, f.Outline)
				}
				if f.Contrast < 3 {
					t.Errorf("%s: focus outline %s has contrast %s with its background, want at least 3:1", p.path, f.Outline, fmt.Sprintf("%.2f:1", f.Contrast))
				}
			})
		}
	}
}
