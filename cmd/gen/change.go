package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/content"
)

// A change is the part of the site a check is about: the files the writer
// added or edited. Two files that clash are reported at the one in the
// change, naming the other, and the to-do warnings of the files outside it
// (the site's standing to-do) are summed up instead of printed one by one.
//
// The change is, in this order of preference:
//   - with -changed (CI: the files a pull request changes against its
//     base), that list;
//   - in a git working copy, what git says: the files changed since the
//     branch left its upstream (or origin's default branch), committed or
//     not, and new files;
//   - else the files whose id the record (the published one with
//     -published, else anchors.lock) does not hold yet, and the files saved
//     when or after the record was written (in whole seconds: gen new
//     records the id as it writes the file); a site without a record is
//     new as a whole.
//
// Of two clashing files that are both in the change or both outside it, the
// one saved later is reported, else the later by id.
type change struct {
	src      string
	listed   map[string]bool // -changed or git: paths; nil: neither
	tails    map[string]bool // what follows each "/" of each listed path
	record   *anchors.Lock   // nil: never published
	recorded int64           // when the record was written, Unix seconds; 0: unknown
	timed    bool            // rank by save times (not for a -changed list)
}

// newChange returns the change of the site in src: listed (nil: none) and
// the record of recordPath, already read.
func newChange(src string, listed map[string]bool, record *anchors.Lock, recordPath string) *change {
	c := &change{src: src, listed: listed, record: record, timed: listed == nil}
	if c.listed == nil {
		c.listed = gitChange(src)
	}
	if c.listed != nil {
		// A list may be relative to a folder above the site's.
		c.tails = map[string]bool{}
		for l := range c.listed {
			for i := range len(l) {
				if l[i] == '/' {
					c.tails[l[i+1:]] = true
				}
			}
		}
	}
	if st, err := os.Stat(recordPath); err == nil && record != nil {
		c.recorded = st.ModTime().Unix()
	}
	return c
}

// gitChange returns the files git sees changed in the working copy that
// holds src (relative to its top folder), or nil when src is not in one or
// git cannot tell: files changed since the merge base with the branch's
// upstream or origin's default branch (or since HEAD, without either),
// and files git does not track yet.
func gitChange(src string) map[string]bool {
	git := func(args ...string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", src}, args...)...)
		// No index refresh written, no pager, no prompt.
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat")
		return cmd.Output()
	}
	if out, err := git("rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil
	}
	base := "HEAD"
	for _, ref := range []string{"@{upstream}", "origin/HEAD", "origin/main", "origin/master"} {
		if out, err := git("merge-base", "HEAD", ref); err == nil {
			base = strings.TrimSpace(string(out))
			break
		}
	}
	diff, err := git("diff", "--name-only", "-z", "--no-renames", base, "--")
	if err != nil {
		return nil
	}
	untracked, err := git("ls-files", "-z", "--others", "--exclude-standard", "--full-name")
	if err != nil {
		return nil
	}
	listed := map[string]bool{}
	for _, p := range strings.Split(string(diff)+string(untracked), "\x00") {
		if p != "" {
			listed[p] = true
		}
	}
	return listed
}

// maxChangedList bounds the -changed file: a path per line.
const maxChangedList = 16 << 20

// readChanged reads the -changed list: one path per line, relative to the
// site folder or to a folder above it (as git diff --name-only prints
// them); "-" is standard input.
func readChanged(name string, stdin io.Reader) (map[string]bool, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("-changed: %v", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			return nil, fmt.Errorf("-changed %s: not a file", name)
		}
		r = f
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(io.LimitReader(r, maxChangedList))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			listed[path.Clean(filepath.ToSlash(p))] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("-changed %s: %v", name, err)
	}
	return listed, nil
}

// has reports whether the file at p (relative to the site folder) is in
// the change.
func (c *change) has(p string) bool { return c.in(p, func() int64 { return c.saved(p) }) }

// in is has, with saved giving when the file was saved.
func (c *change) in(p string, saved func() int64) bool {
	if c.listed != nil {
		return c.listed[p] || c.tails[p]
	}
	if c.record == nil {
		return true
	}
	if id, isError := strings.CutPrefix(p, content.ErrorsDir+"/"); isError && !c.record.Has(strings.TrimSuffix(id, ".md")) {
		return true
	}
	return c.recorded > 0 && saved() >= c.recorded
}

// saved returns when the file at p was last saved, in Unix seconds, or 0.
func (c *change) saved(p string) int64 {
	if st, err := os.Lstat(filepath.Join(c.src, filepath.FromSlash(p))); err == nil {
		return st.ModTime().Unix()
	}
	return 0
}

// rank orders files for Loader.Rank: those in the change above the others,
// then (without -changed: CI's checkout sets the times) by when they were
// saved.
func (c *change) rank(p string) int64 {
	var t int64
	if c.timed {
		t = c.saved(p)
	}
	// Without a list, in asks for the time only when timed: once.
	var r int64
	if c.in(p, func() int64 {
		if c.timed {
			return t
		}
		return c.saved(p)
	}) {
		r = 1 << 62
	}
	return r + t
}

// split separates the diagnostics to print from the standing to-do: the
// to-do warnings of files outside the change, which the to-do summary
// counts instead.
func (c *change) split(ds content.Diagnostics) (shown, standing content.Diagnostics) {
	for _, d := range ds {
		if d.Warning && d.Todo != content.NoTodo && !c.has(d.Path) {
			standing = append(standing, d)
			continue
		}
		shown = append(shown, d)
	}
	return shown, standing
}
