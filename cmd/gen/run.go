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
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/build"
	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/flock"
	"github.com/bookzo/exact-help/internal/publish"
	"github.com/bookzo/exact-help/internal/safefs"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

const usage = `usage:
  gen                      build the site in . into public/
  gen build [flags]        build a site folder into an output folder
  gen check [flags]        validate the content without writing anything
  gen serve [flags]        preview the site with live reload
  gen new <id> [flags]     start a new error file from a template
  gen help                 this help, with every command's flags
`

// commands are gen's commands in the order the help lists them.
var commands = []string{"build", "check", "serve", "new"}

// help writes the usage and every command's flags, each as the command's
// own -h prints them (so the help cannot leave a flag out).
func help(w io.Writer) {
	fmt.Fprint(w, usage)
	for _, name := range commands {
		var b bytes.Buffer
		dispatch(name, []string{"-h"}, &b, &b)
		fmt.Fprintf(w, "\n%s", b.String())
	}
}

// dispatch runs the command name.
func dispatch(name string, args []string, stdout, stderr io.Writer) error {
	switch name {
	case "build":
		return cmdBuild(args, stdout, stderr)
	case "check":
		return cmdCheck(args, os.Stdin, stdout, stderr)
	case "serve":
		return cmdServe(args, stdout, stderr)
	case "new":
		return cmdNew(args, stdout, stderr)
	}
	return nil
}

// errUsage marks errors in how gen was called (exit status 2).
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		help(stdout)
		return 0
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" {
		help(stdout)
		return 0
	}
	if !slices.Contains(commands, cmd) {
		fmt.Fprintf(stderr, "gen: unknown command %q\n%s", cmd, usage)
		return 2
	}
	err := dispatch(cmd, args, stdout, stderr)
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

// maxThemeFile bounds each file read from a theme folder on disk.
const maxThemeFile = 8 << 20

// themeFS returns the theme folder on disk, or the embedded theme. A folder
// on disk is read through safefs: no links, only regular files, each at most
// maxThemeFile bytes.
func themeFS(dir string) (fs.FS, error) {
	if dir == "" {
		return theme.FS, nil
	}
	fsys := safefs.FS(os.DirFS(dir), maxThemeFile)
	if _, err := fs.ReadFile(fsys, "templates/base.html"); err != nil {
		var re *safefs.RefusedError
		if errors.As(err, &re) {
			return nil, fmt.Errorf("-theme %s: templates/base.html: %v", dir, re)
		}
		return nil, fmt.Errorf("-theme %s: not a theme folder (no templates/base.html)", dir)
	}
	return fsys, nil
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
	// standing is the part of diags that a check sums up rather than
	// prints: the to-do warnings of files outside the change (see change).
	standing content.Diagnostics
	// How long reading and checking the files, and rendering the bodies,
	// took (gen build -timings).
	loadTime, renderTime time.Duration
}

// load loads and prepares the site in src (package build), returning
// every diagnostic. A check also requires every current anchor to be
// recorded in anchors.lock, and with published (the path of the published
// site's anchors.lock) that no published anchor leaves the record; it
// reports clashes at the files of the change and sets the standing to-do
// apart (see change), the change being the files listed in changed when
// that is not nil. A build may take pages from store. The caller holds the
// site's lock.
func load(src, themeDir string, check bool, published string, changed map[string]bool, store site.Store) (*loaded, error) {
	th, err := themeFS(themeDir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("-src %s: not a folder", src)
	}
	opts := build.Options{Theme: th, Store: store, Strict: check, CheckOnly: check}
	if published != "" {
		if opts.Published, err = readPublished(published); err != nil {
			return nil, err
		}
	}
	var ch *change
	if check {
		opts.Rank = func(lock *anchors.Lock) func(string) int64 {
			record, recordPath := lock, filepath.Join(src, anchors.Path)
			if opts.Published != nil {
				record, recordPath = opts.Published, published
			}
			ch = newChange(src, changed, record, recordPath)
			return ch.rank
		}
	}
	r := build.New(os.DirFS(src), opts).Build(content.Changes{All: true}, content.Full)
	l := &loaded{site: r.Site, content: r.Content, lock: r.Lock, loadTime: r.LoadTime, renderTime: r.RenderTime}
	ds := r.Diags
	if check {
		ds, l.standing = ch.split(ds)
	}
	l.diags = prefixed(src, ds)
	l.standing = prefixed(src, l.standing)
	return l, nil
}

// A cacheUse is the persistent build cache a command uses (package
// build): its folder ("" for none) and the identity of this gen. Both are
// settled when the command starts, before it waits for a lock: a gen whose
// program file is replaced while it waits must not file its entries under
// the new program's identity, which would serve them.
type cacheUse struct {
	dir  string
	self build.Generator
}

// useCache returns the cache that the -cache flag names: "" for the user's
// cache folder, "off" for none. A gen that cannot identify itself uses
// none, and says why.
func useCache(flag string) (cacheUse, error) {
	dir := cacheFolder(flag)
	if dir == "" {
		return cacheUse{}, nil
	}
	self, err := build.Identify()
	if err != nil {
		return cacheUse{}, fmt.Errorf("cannot identify this gen: %v", err)
	}
	return cacheUse{dir: dir, self: self}, nil
}

// openCache opens the persistent build cache cu of the site src (nil when
// there is none). A cache that cannot be opened is a warning, and the
// build goes on without it; a folder inside the output folder is refused
// (a build replaces that folder), and so is one inside the build's inputs
// or the site folder (where a pack would be committed with the content).
func openCache(cu cacheUse, src, out, themeDir string, stderr io.Writer) (*build.Cache, error) {
	dir := cu.dir
	if dir == "" {
		return nil, nil
	}
	for _, in := range []struct{ folder, what string }{
		{out, "the output folder %s, which every build replaces"},
		{filepath.Join(src, "content"), "the content folder %s, which the build reads"},
		{themeDir, "the theme folder %s, which the build reads and publishes"},
		// Last, so the folders above name themselves first.
		{src, "the site folder %s, whose files the writers commit"},
	} {
		if in.folder != "" && inside(dir, in.folder) {
			return nil, fmt.Errorf("-cache %s: the cache folder is inside "+in.what+"; put it elsewhere", dir, in.folder)
		}
	}
	c, err := build.OpenCache(dir, src, cu.self)
	if err != nil {
		fmt.Fprintf(stderr, "gen: warning: building without the cache: %v\n", err)
		return nil, nil
	}
	return c, nil
}

// readCache opens gen build's cache cu of the site src for a check to read
// bodies from; nil when there is none.
func readCache(cu cacheUse, src string) *build.Cache {
	if cu.dir == "" {
		return nil
	}
	c, err := build.ReadCache(cu.dir, src, cu.self)
	if err != nil {
		return nil // a check without the cache checks the same
	}
	return c
}

// cacheFolder returns the cache folder -cache names: "" for "off", the
// user's for "".
func cacheFolder(dir string) string {
	switch dir {
	case "off":
		return ""
	case "":
		user, err := os.UserCacheDir()
		if err != nil {
			return "" // no home folder: no cache, as with -cache off
		}
		return filepath.Join(user, "exact-help-gen")
	}
	return dir
}

// inside reports whether the path p is the folder dir or inside it, with
// symbolic links resolved.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(resolved(dir), resolved(p))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolved returns p absolute, with the links of the part of it that
// exists resolved.
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rest := ""
	for cur := abs; ; cur = filepath.Dir(cur) {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest)
		}
		if filepath.Dir(cur) == cur {
			return abs
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}

// readPublished reads the record of the published site (-published).
func readPublished(p string) (*anchors.Lock, error) {
	data, err := safefs.ReadFile(os.DirFS(filepath.Dir(p)), filepath.Base(p), anchors.MaxSize)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("-published %s: %v", p, err)
	}
	pub, pds := anchors.Parse(data)
	if len(pds) > 0 {
		return nil, fmt.Errorf("-published %s: not an anchors.lock: line %d: %s", p, pds[0].Line, pds[0].Msg)
	}
	return pub, nil
}

// lockSite takes the site folder's lock (package flock), telling the user
// when it has to wait for another gen process.
func lockSite(src string, mode flock.Mode, wait time.Duration, stderr io.Writer) (*flock.Lock, error) {
	// Opening a named pipe would wait for a writer forever: look first.
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("-src %s: not a folder", src)
	}
	l, err := flock.Acquire(src, mode, wait, func() {
		fmt.Fprintf(stderr, "gen: waiting for another gen process that is using %s\n", src)
	})
	if errors.Is(err, flock.ErrTimeout) {
		return nil, fmt.Errorf("another gen process (build or new) kept %s busy for %s; try again when it is done, or wait longer with -wait", src, wait.Round(time.Second))
	}
	return l, err
}

// recordAnchors adds the site's anchors to anchors.lock, under the site's
// lock (see writeRecord).
func recordAnchors(src string, cs *content.Site, wait time.Duration, stderr io.Writer) error {
	lk, err := lockSite(src, flock.Exclusive, wait, stderr)
	if err != nil {
		return err
	}
	defer lk.Unlock()
	return writeRecord(src, cs)
}

// writeRecord adds the anchors of cs to anchors.lock; the caller holds the
// site's lock. The record is read again, so that ids another process
// recorded since cs was loaded are kept, and it is never rewritten from a
// record that did not parse: that would drop the lines it could not read.
// The file is replaced atomically.
func writeRecord(src string, cs *content.Site) error {
	lock, lds := anchors.Read(os.DirFS(src))
	if len(lds) > 0 {
		return fmt.Errorf("%s was not updated: %s", anchors.Path, prefixed(src, lds)[0])
	}
	if lock == nil {
		lock, _ = anchors.Parse(nil)
	}
	data := lock.Update(cs)
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

// defaultWait is how long gen waits for another gen process by default.
const defaultWait = 2 * time.Minute

// buildFlags are gen build's flags.
type buildFlags struct {
	src, out, themeDir, cacheDir string
	cpuProfile, memProfile       string
	timings                      bool
	todo                         todoFlags
	wait                         time.Duration
}

func parseBuildFlags(args []string, stderr io.Writer) (*buildFlags, error) {
	fs := newFlags("build", stderr)
	f := &buildFlags{}
	fs.StringVar(&f.src, "src", ".", "the site `folder` (site.toml, content/)")
	fs.StringVar(&f.out, "out", "", "the output `folder` (default: public/ in the site folder)")
	fs.StringVar(&f.themeDir, "theme", "", "read the theme from this `folder` instead of the embedded one")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile to this `file` (for go tool pprof)")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile at the end of the build to this `file` (for go tool pprof)")
	fs.BoolVar(&f.timings, "timings", false, "print how long each stage took")
	fs.StringVar(&f.cacheDir, "cache", "", "the `folder` of the persistent build cache (default: exact-help-gen in the user's cache folder; off: no cache)")
	f.todo.register(fs)
	fs.DurationVar(&f.wait, "wait", defaultWait, "how long to wait for another gen process using the site or output folder")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if f.out == "" {
		f.out = filepath.Join(f.src, "public")
	}
	return f, nil
}

// buildGCPercent is gen build's GOGC (unless the environment sets one). A
// build is a batch whose heap is mostly the garbage of rendering pages, on
// top of the bodies and views it keeps: collecting at half the live heap
// instead of all of it took a fifth off the peak memory of a cold
// 10,000-error build at a few percent of CPU; collecting less often (200,
// 400, or a memory limit alone) only added peak memory and page faults.
const buildGCPercent = 50

func cmdBuild(args []string, stdout, stderr io.Writer) error {
	f, err := parseBuildFlags(args, stderr)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
	if f.cpuProfile != "" {
		stop, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := publish.CheckOutput(f.out, f.src, filepath.Join(f.src, "content"), filepath.Join(f.src, "site.toml"), filepath.Join(f.src, anchors.Path), f.themeDir); err != nil {
		return err
	}
	start := time.Now()
	if st, err := os.Stat(f.src); err != nil || !st.IsDir() {
		return fmt.Errorf("-src %s: not a folder", f.src)
	}
	cu, err := useCache(f.cacheDir) // before any wait
	if err != nil {
		fmt.Fprintf(stderr, "gen: warning: building without the cache: %v\n", err)
	}
	// Lock order: the output folder, then the site folder (never the other
	// way round, so two gen processes cannot wait for each other).
	o, err := publish.OpenOutput(f.out, f.wait, func() {
		fmt.Fprintf(stderr, "gen: waiting for another gen build into %s\n", f.out)
	})
	if err != nil {
		return err
	}
	defer o.Close()
	l, cache, err := loadForBuild(f, cu, stderr)
	if cache != nil {
		defer cache.Close()
	}
	if err != nil {
		return err
	}
	writeStart := time.Now()
	stats, err := publishSite(o, l, f, stderr)
	if err != nil {
		return err
	}
	hits := 0
	if cache != nil {
		hits = cache.Hits()
		if err := cache.Commit(); err != nil {
			fmt.Fprintf(stderr, "gen: warning: the build cache was not saved: %v\n", err)
		}
	}
	if f.timings {
		fmt.Fprintf(stderr, "gen: timings: load %s, render %s, write %s; %d cache hits\n", l.loadTime.Round(time.Millisecond), l.renderTime.Round(time.Millisecond), time.Since(writeStart).Round(time.Millisecond), hits)
	}
	if f.memProfile != "" {
		if err := writeHeapProfile(f.memProfile); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "built %s: %s, %s, %s (%s) in %s\n",
		f.out, content.Count(len(l.content.Errors), "error"), content.Count(stats.Pages, "page"), content.Count(stats.Files, "file"),
		kb(stats.Bytes), time.Since(start).Round(time.Millisecond))
	return f.todo.print(stdout, l.diags, l.content)
}

// startCPUProfile starts writing a CPU profile to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// loadForBuild loads the site under its lock, through the persistent
// cache (returned to be committed after the build, or nil), and fails on
// the content's errors.
func loadForBuild(f *buildFlags, cu cacheUse, stderr io.Writer) (*loaded, *build.Cache, error) {
	lk, err := lockSite(f.src, flock.Exclusive, f.wait, stderr)
	if err != nil {
		return nil, nil, err
	}
	defer lk.Unlock()
	cache, err := openCache(cu, f.src, f.out, f.themeDir, stderr)
	if err != nil {
		return nil, nil, err
	}
	var store site.Store
	if cache != nil {
		store = cache
	}
	l, err := load(f.src, f.themeDir, false, "", nil, store)
	if err != nil {
		return nil, cache, err
	}
	if l.content != nil {
		l.content.ReleaseBodies() // rendered by load; not needed again
	}
	if errs := l.diags.Errors(); len(errs) > 0 {
		for _, d := range errs {
			fmt.Fprintln(stderr, d)
		}
		return nil, cache, fmt.Errorf("build failed: %s; %s was not changed", content.Count(len(errs), "error"), f.out)
	}
	return l, cache, nil
}

// publishSite writes the site into the output folder, recording its anchors
// before the new output takes the old one's place.
func publishSite(o *publish.Output, l *loaded, f *buildFlags, stderr io.Writer) (site.Stats, error) {
	var stats site.Stats
	res, err := o.Publish(func(w site.Writer) error {
		var err error
		stats, err = l.site.Write(w)
		return err
	}, func() error {
		// Before the new output is in place: no published anchor goes
		// unrecorded.
		if err := recordAnchors(f.src, l.content, f.wait, stderr); err != nil {
			return fmt.Errorf("could not update %s: %w", anchors.Path, err)
		}
		return nil
	})
	if err != nil {
		return stats, fmt.Errorf("build failed: %v; %s was not changed", err, f.out)
	}
	for _, left := range res.Leftovers {
		fmt.Fprintf(stderr, "gen: warning: %v\n", left)
	}
	return stats, nil
}

func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	src := fs.String("src", ".", "the site `folder` (site.toml, content/)")
	format := fs.String("format", "text", "output `format`: text, or github for GitHub Actions annotations")
	themeDir := fs.String("theme", "", "read the theme from this `folder` instead of the embedded one")
	published := fs.String("published", "", "the anchors.lock `file` of the published site (main's): no anchor of it may leave the record")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this `file` (for go tool pprof)")
	cacheDir := fs.String("cache", "", "read rendered bodies from gen build's cache in this `folder` (default: exact-help-gen in the user's cache folder; off: none)")
	changedList := fs.String("changed", "", "a `file` listing the files the change adds or edits, one per line (git diff --name-only; - for standard input): problems are reported at them, and the to-do warnings of other files are summed up")
	var todo todoFlags
	todo.register(fs)
	wait := fs.Duration("wait", defaultWait, "how long to wait for another gen process writing to the site folder")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "github" {
		fmt.Fprintf(stderr, "gen: -format %q: use text or github\n", *format)
		return errUsage
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	var changed map[string]bool
	if *changedList != "" {
		var err error
		if changed, err = readChanged(*changedList, stdin); err != nil {
			return err
		}
	}
	cu, _ := useCache(*cacheDir) // before the wait; a check without the cache checks the same
	lk, err := lockSite(*src, flock.Shared, *wait, stderr)
	if err != nil {
		return err
	}
	var store site.Store
	if c := readCache(cu, *src); c != nil {
		defer c.Close()
		store = c
	}
	l, err := load(*src, *themeDir, true, *published, changed, store)
	lk.Unlock()
	if err != nil {
		return err
	}
	return reportCheck(l, *format, &todo, stdout, stderr)
}

// reportCheck prints a check's diagnostics and summary in format, and
// fails on errors.
func reportCheck(l *loaded, format string, todo *todoFlags, stdout, stderr io.Writer) error {
	cs, ds := l.content, l.diags
	for _, d := range ds {
		if format == "github" {
			fmt.Fprintln(stdout, githubAnnotation(d))
		} else {
			fmt.Fprintln(stderr, d)
		}
	}
	all := append(slices.Clone(ds), l.standing...)
	if n := len(ds.Errors()); n > 0 {
		if format == "github" && len(l.standing) > 0 {
			fmt.Fprintln(stdout, todoNotice(l.standing))
		}
		return fmt.Errorf("check failed: %s", content.Count(n, "error"))
	}
	warnings := content.Count(len(ds.Warnings()), "warning")
	if len(l.standing) > 0 {
		if len(ds.Warnings()) == 0 {
			warnings = "no warnings"
		}
		where := "are on the to-do list below"
		if format == "github" {
			where = "are summed up in one notice"
		}
		warnings += fmt.Sprintf(" in the change (the %s of other files %s)", content.Count(len(l.standing), "to-do warning"), where)
	}
	fmt.Fprintf(stdout, "ok: %s checked, %s\n", content.Count(len(cs.Errors), "error"), warnings)
	if format == "text" {
		return todo.print(stdout, all, cs)
	}
	if len(l.standing) > 0 {
		fmt.Fprintln(stdout, todoNotice(l.standing))
	}
	return nil
}

// todoNotice sums the standing to-do up in one GitHub annotation, outside
// the pull request's diff: a writer's own warnings are annotations of their
// own.
func todoNotice(ds content.Diagnostics) string {
	var parts []string
	for _, list := range todoLists(ds) {
		if len(list.paths) > 0 {
			parts = append(parts, content.Count(len(list.paths), "error")+" "+list.what)
		}
	}
	return "::notice title=The site's to-do::" + escapeData("outside this change, "+strings.Join(parts, "; ")+" (go run ./cmd/gen check -v lists them)")
}

// githubAnnotation formats a diagnostic as a GitHub Actions workflow command,
// which shows it on the pull request's diff.
func githubAnnotation(d content.Diagnostic) string {
	kind := "error"
	if d.Warning {
		kind = "warning"
	}
	props := "file=" + escapeProperty(content.PrintablePath(d.Path))
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

// todoFlags are the flags that say how much of the writers' to-do a build
// or check prints.
type todoFlags struct {
	verbose bool
	file    string
}

func (t *todoFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&t.verbose, "v", false, "print the whole to-do list, and the files of content/errors that were skipped")
	fs.StringVar(&t.file, "todo", "", "write the whole to-do list to this `file`")
}

// todoShown is how many entries of each kind of to-do are printed without
// -v: a site of 50,000 errors, half without a solution, must not print
// 25,000 lines.
const todoShown = 20

// print lists the writers' to-do (errors without a solution yet, errors
// whose messages are in one language only, errors with a value written in
// a message): per kind the count and the
// first todoShown, all of them with -v; with -todo the whole list goes to a
// file. With -v it also lists the skipped files.
func (t *todoFlags) print(w io.Writer, ds content.Diagnostics, cs *content.Site) error {
	lists := todoLists(ds)
	limit := todoShown
	if t.verbose {
		limit = -1
	}
	writeTodo(w, lists, limit)
	if t.file != "" {
		var b bytes.Buffer
		writeTodo(&b, lists, -1)
		if err := os.WriteFile(t.file, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("-todo: %v", err)
		}
	}
	if t.verbose && cs != nil {
		for _, sk := range cs.Skipped {
			fmt.Fprintf(w, "skipped %s: %s\n", sk.Path, sk.Why)
		}
	}
	return nil
}

type todoList struct {
	what  string
	paths []string
}

func todoLists(ds content.Diagnostics) []todoList {
	lists := []todoList{{what: "without a solution yet"}, {what: "with messages in one language only"},
		{what: "with a value in a message where a placeholder belongs"}}
	// A value is warned of per message; the list names each error once.
	values := map[string]int{}
	for _, d := range ds.Warnings() {
		switch d.Todo {
		case content.TodoSolution:
			lists[0].paths = append(lists[0].paths, d.Path)
		case content.TodoLanguage:
			lists[1].paths = append(lists[1].paths, d.Path+" ("+d.Note+")")
		case content.TodoValue:
			if k, ok := values[d.Path]; ok {
				lists[2].paths[k] = mergeNote(lists[2].paths[k], d.Note)
				continue
			}
			values[d.Path] = len(lists[2].paths)
			lists[2].paths = append(lists[2].paths, d.Path+" ("+d.Note+")")
		}
	}
	return lists
}

// mergeNote adds the kinds of note to the list entry "path (kinds)" that
// it does not name yet.
func mergeNote(entry, note string) string {
	head, kinds, _ := strings.Cut(strings.TrimSuffix(entry, ")"), " (")
	have := strings.Split(kinds, ", ")
	for _, k := range strings.Split(note, ", ") {
		if !slices.Contains(have, k) {
			have = append(have, k)
		}
	}
	return head + " (" + strings.Join(have, ", ") + ")"
}

// writeTodo writes the lists, at most limit entries each (limit < 0: all).
func writeTodo(w io.Writer, lists []todoList, limit int) {
	for _, list := range lists {
		if len(list.paths) == 0 {
			continue
		}
		fmt.Fprintf(w, "to do: %s %s:\n", content.Count(len(list.paths), "error"), list.what)
		shown := list.paths
		if limit >= 0 && len(shown) > limit {
			shown = shown[:limit]
		}
		for _, p := range shown {
			fmt.Fprintf(w, "  %s\n", p)
		}
		if n := len(list.paths) - len(shown); n > 0 {
			fmt.Fprintf(w, "  ... and %d more (all of them: -v, or -todo FILE)\n", n)
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

func kb(n int64) string {
	return fmt.Sprintf("%.1f KB", float64(n)/1000)
}
