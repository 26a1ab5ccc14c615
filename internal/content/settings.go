package content

// site.toml: decoding it, and checking its settings and categories.

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/BurntSushi/toml"
	"github.com/bookzo/exact-help/internal/safefs"
	"io/fs"
	"net/url"
	"strings"
)

// loadConfig reads site.toml. ok reports whether the site can be built with
// it; decoded whether it could be read at all (its categories are known).
func loadConfig(fsys fs.FS, ds *Diagnostics) (cfg Config, ok, decoded bool) {
	cfg, f, md, decoded := decodeConfig(fsys, ds)
	if !decoded {
		return Config{}, false, false
	}
	// Only the problems found from here on make the settings unusable:
	// an unknown key, reported by decodeConfig, does not.
	n := len(*ds)
	checkSettings(&cfg, f, md, ds)
	checkCategories(cfg.Categories, f, ds)
	return cfg, len(*ds) == n, true
}

// decodeConfig reads and decodes site.toml, reporting its unknown keys.
// decoded is false, with the problem reported, when it cannot be read or
// decoded; f is site.toml as a file, for the lines of its keys.
func decodeConfig(fsys fs.FS, ds *Diagnostics) (cfg Config, f *file, md toml.MetaData, decoded bool) {
	src, err := safefs.ReadFile(fsys, ConfigPath, MaxFrontMatterSize)
	if err != nil {
		msg := "cannot read the site settings: " + unwrapPathError(err)
		if errors.Is(err, safefs.ErrRefused) {
			msg = unwrapPathError(err)
		}
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Msg: msg})
		return cfg, nil, md, false
	}
	cfg.Sum = sha256.Sum256(src)
	src = normalize(src)
	f = &file{path: ConfigPath, fm: string(src), fmLine: 1, hasFM: true}
	if d := f.checkNesting(); d != nil {
		*ds = append(*ds, *d)
		return Config{}, nil, md, false
	}
	md, err = toml.Decode(string(src), &cfg)
	if err != nil {
		*ds = append(*ds, tomlDiagnostic(f, err))
		return Config{}, nil, md, false
	}
	for _, k := range md.Undecoded() {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.pathLine(k), Msg: fmt.Sprintf("unknown key %s", Quote(k.String()))})
	}
	return cfg, f, md, true
}

// checkSettings checks the site-wide settings of cfg, reporting each
// problem at its key, and fills in what site.toml may leave out: the
// final / of baseURL and compactAbove.
func checkSettings(cfg *Config, f *file, md toml.MetaData, ds *Diagnostics) {
	add := func(key, msg string) {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.tableKeyLine("", 0, key), Msg: msg})
	}
	if strings.TrimSpace(cfg.Title) == "" {
		add("title", "title is missing: the site's name, shown on every page")
	}
	if cfg.Language == "" {
		add("language", `language is missing: the language of the pages, such as "nl"`)
	}
	if u, err := url.Parse(cfg.BaseURL); cfg.BaseURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("baseURL", `baseURL must be the site's absolute address, such as "https://help.example.com/"`)
	} else if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	if cfg.CNAME != "" {
		u, _ := url.Parse(cfg.BaseURL)
		switch {
		case !hostName(cfg.CNAME):
			add("cname", fmt.Sprintf("cname %s is not a host name: write the site's domain only, such as cname = \"help.example.com\"", Quote(cfg.CNAME)))
		case u == nil || u.Hostname() != cfg.CNAME:
			add("cname", fmt.Sprintf("cname %q is not the host of baseURL: GitHub Pages would serve the site at %s, so write cname = %q or change baseURL", cfg.CNAME, cfg.CNAME, hostOf(u)))
		}
	}
	if cfg.EditURL != "" {
		if u, err := url.Parse(cfg.EditURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			add("editURL", "editURL must be an absolute http(s) address")
		}
	}
	if cfg.Support.Email == "" && cfg.Support.URL == "" {
		*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: f.tableKeyLine("support", 0, "email"), Msg: "[support] needs an email or a url: the page of an error without a solution tells readers how to reach support"})
	}
	if !md.IsDefined("compactAbove") {
		cfg.CompactAbove = DefaultCompactAbove
	} else if cfg.CompactAbove < 1 {
		add("compactAbove", "compactAbove must be 1 or more: the number of errors above which list pages leave out the full text")
	}
	if len(cfg.Categories) == 0 {
		add("categories", "no [[categories]]: every error names one, so the site needs at least one")
	}
}

// checkCategories reports a category whose name is not a valid id or is
// used twice, or that has no title, at the line of its name.
func checkCategories(categories []Category, f *file, ds *Diagnostics) {
	seen := map[string]bool{}
	for i, c := range categories {
		line := f.tableKeyLine("categories", i, "name")
		if line == 0 { // not written as [[categories]] tables
			line = f.valueLine("name", `"`+c.Name+`"`)
		}
		if msg := checkID(c.Name); msg != "" {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category name %s: %s", Quote(c.Name), msg)})
		} else if seen[c.Name] {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category %s is named twice", Quote(c.Name))})
		}
		seen[c.Name] = true
		if strings.TrimSpace(c.Title) == "" {
			*ds = append(*ds, Diagnostic{Path: ConfigPath, Line: line, Msg: fmt.Sprintf("category %s has no title", Quote(c.Name))})
		}
	}
}

// hostName reports whether s is a DNS host name in lower case: labels of
// letters, digits and hyphens joined by dots.
func hostName(s string) bool {
	if len(s) > 253 || !strings.Contains(s, ".") {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Hostname()
}
