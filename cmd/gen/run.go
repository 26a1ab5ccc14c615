package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

const usage = `usage:
  gen                      build the site in . into public/
  gen build [flags]        build a site folder into an output folder
  gen check [flags]        validate the content without writing anything
  gen serve [flags]        preview the site with live reload
  gen new <id> [flags]     start a new error file from a template

run "gen <command> -h" for a command's flags
`

// errUsage marks errors in how gen was called (exit status 2).
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "build":
		err = cmdBuild(args, stdout, stderr)
	case "check":
		err = cmdCheck(args, stdout, stderr)
	case "serve":
		err = cmdServe(args, stdout, stderr)
	case "new":
		err = cmdNew(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "gen: unknown command %q\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		if msg := err.Error(); msg != "" {
			fmt.Fprintf(stderr, "gen: %s\n", msg)
		}
		return 1
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gen "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "gen: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	return nil
}

// themeFS returns the theme folder on disk, or the embedded theme.
func themeFS(dir string) (fs.FS, error) {
	if dir == "" {
		return theme.FS, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "templates", "base.html")); err != nil {
		return nil, fmt.Errorf("-theme %s: not a theme folder (no templates/base.html)", dir)
	}
	return os.DirFS(dir), nil
}

// prefixed returns diagnostics with paths relative to the current folder
// rather than to the site folder, so editors and CI can open them.
func prefixed(src string, ds content.Diagnostics) content.Diagnostics {
	if src == "." || src == "" {
		return ds
	}
	out := make(content.Diagnostics, len(ds))
	for i, d := range ds {
		d.Path = filepath.ToSlash(filepath.Join(src, d.Path))
		out[i] = d
	}
	return out
}

// loaded is a site folder read and checked.
type loaded struct {
	site    *site.Site
	content *content.Site
	lock    *anchors.Lock // nil when the site has no anchors.lock yet
	diags   content.Diagnostics
	// How long reading and checking the files, and rendering the bodies,
	// took (gen build -timings).
	loadTime, renderTime time.Duration
}

// load loads and prepares the site in src, returning every diagnostic. A check
// also requires every current anchor to be recorded in anchors.lock, and
// with published (the path of the published site's anchors.lock) that no
// published anchor leaves the record.
func load(src, themeDir string, check bool, published string) (*loaded, error) {
	th, err := themeFS(themeDir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("-src %s: not a folder", src)
	}
	l := &loaded{}
	var ds content.Diagnostics
	start := time.Now()
	l.content, ds = content.Load(os.DirFS(src))
	l.loadTime = time.Since(start)
	if l.content == nil {
		l.diags = prefixed(src, ds)
		return l, nil
	}
	var rds content.Diagnostics
	start = time.Now()
	l.site, rds = site.New(l.content, th, site.Options{})
	l.renderTime = time.Since(start)
	ds = append(ds, rds...)
	var pub *anchors.Lock
	if published != "" {
		data, err := os.ReadFile(published)
		if err != nil {
			return nil, fmt.Errorf("-published: %v", err)
		}
		var pds content.Diagnostics
		if pub, pds = anchors.Parse(data); len(pds) > 0 {
			return nil, fmt.Errorf("-published %s: not an anchors.lock: %v", published, pds[0].Msg)
		}
	}
	data, err := os.ReadFile(filepath.Join(src, anchors.Path))
	switch {
	case err == nil:
		var lds content.Diagnostics
		l.lock, lds = anchors.Parse(data)
		ds = append(ds, lds...)
		ds = append(ds, l.lock.Verify(l.content, check, pub)...)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case pub != nil:
		ds = append(ds, content.Diagnostic{Path: anchors.Path, Msg: fmt.Sprintf(
			"anchors.lock is missing, but the published site's record holds %s that must keep working: restore the file (git checkout origin/main -- anchors.lock)",
			plural(pub.Len(), "anchor"))})
	}
	ds.Sort()
	l.diags = prefixed(src, ds)
	return l, nil
}

// recordAnchors writes the site's anchors into anchors.lock when they are not
// all recorded yet; the file is replaced atomically.
func recordAnchors(src string, l *loaded) error {
	lock := l.lock
	if lock == nil {
		lock, _ = anchors.Parse(nil)
	}
	data := lock.Update(l.content)
	p := filepath.Join(src, anchors.Path)
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(src, ".anchors.lock-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

func cmdBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	src := fs.String("src", ".", "the site `folder` (site.toml, content/)")
	out := fs.String("out", "", "the output `folder` (default: public/ in the site folder)")
	themeDir := fs.String("theme", "", "read the theme from this `folder` instead of the embedded one")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the build to this `file` (for go tool pprof)")
	timings := fs.Bool("timings", false, "print how long each stage took")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	if err := site.CheckOutput(*out, *src, filepath.Join(*src, "content"), filepath.Join(*src, "site.toml"), filepath.Join(*src, anchors.Path), *themeDir); err != nil {
		return err
	}
	start := time.Now()
	l, err := load(*src, *themeDir, false, "")
	if err != nil {
		return err
	}
	s, cs, ds := l.site, l.content, l.diags
	if cs != nil {
		cs.ReleaseBodies() // rendered by load; not needed again
	}
	if errs := ds.Errors(); len(errs) > 0 {
		for _, d := range errs {
			fmt.Fprintln(stderr, d)
		}
		return fmt.Errorf("build failed: %s; %s was not changed", plural(len(errs), "error"), *out)
	}
	var stats site.Stats
	writeStart := time.Now()
	err = site.Publish(*out, func(w site.Writer) error {
		var err error
		stats, err = s.Write(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("build failed: %v; %s was not changed", err, *out)
	}
	if *timings {
		fmt.Fprintf(stderr, "gen: timings: load %s, render %s, write %s\n", l.loadTime.Round(time.Millisecond), l.renderTime.Round(time.Millisecond), time.Since(writeStart).Round(time.Millisecond))
	}
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			return err
		}
	}
	if err := recordAnchors(*src, l); err != nil {
		return fmt.Errorf("built %s but could not update %s: %v", *out, anchors.Path, err)
	}
	fmt.Fprintf(stdout, "built %s: %s, %s, %s (%s) in %s\n",
		*out, plural(len(cs.Errors), "error"), plural(stats.Pages, "page"), plural(stats.Files, "file"),
		kb(stats.Bytes), time.Since(start).Round(time.Millisecond))
	printTodo(stdout, ds)
	return nil
}

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	src := fs.String("src", ".", "the site `folder` (site.toml, content/)")
	format := fs.String("format", "text", "output `format`: text, or github for GitHub Actions annotations")
	themeDir := fs.String("theme", "", "read the theme from this `folder` instead of the embedded one")
	published := fs.String("published", "", "the anchors.lock `file` of the published site (main's): no anchor of it may leave the record")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "github" {
		fmt.Fprintf(stderr, "gen: -format %q: use text or github\n", *format)
		return errUsage
	}
	l, err := load(*src, *themeDir, true, *published)
	if err != nil {
		return err
	}
	cs, ds := l.content, l.diags
	for _, d := range ds {
		if *format == "github" {
			fmt.Fprintln(stdout, githubAnnotation(d))
		} else {
			fmt.Fprintln(stderr, d)
		}
	}
	if n := len(ds.Errors()); n > 0 {
		return fmt.Errorf("check failed: %s", plural(n, "error"))
	}
	fmt.Fprintf(stdout, "ok: %s checked, %s\n", plural(len(cs.Errors), "error"), plural(len(ds.Warnings()), "warning"))
	if *format == "text" {
		printTodo(stdout, ds)
	}
	return nil
}

// githubAnnotation formats a diagnostic as a GitHub Actions workflow command,
// which shows it on the pull request's diff.
func githubAnnotation(d content.Diagnostic) string {
	kind := "error"
	if d.Warning {
		kind = "warning"
	}
	props := "file=" + escapeProperty(d.Path)
	if d.Line > 0 {
		props += fmt.Sprintf(",line=%d", d.Line)
	}
	if d.Col > 0 {
		props += fmt.Sprintf(",col=%d", d.Col)
	}
	return fmt.Sprintf("::%s %s::%s", kind, props, escapeData(d.Msg))
}

// GitHub's escaping rules for workflow commands (toolkit/core command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// printTodo lists the writers' to-do: errors without a solution yet, and
// errors whose messages are in one language only.
func printTodo(w io.Writer, ds content.Diagnostics) {
	var noSolution, oneLanguage []string
	for _, d := range ds.Warnings() {
		switch d.Todo {
		case content.TodoSolution:
			noSolution = append(noSolution, d.Path)
		case content.TodoLanguage:
			oneLanguage = append(oneLanguage, d.Path+" ("+d.Note+")")
		}
	}
	for _, list := range []struct {
		what  string
		paths []string
	}{{"without a solution yet", noSolution}, {"with messages in one language only", oneLanguage}} {
		if len(list.paths) == 0 {
			continue
		}
		fmt.Fprintf(w, "to do: %s %s:\n", plural(len(list.paths), "error"), list.what)
		for _, p := range list.paths {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

// writeHeapProfile writes the live heap (after a collection) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func kb(n int64) string {
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}
