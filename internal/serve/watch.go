package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/bookzo/exact-help/internal/content"
)

// Watch rebuilds the site when a file of it changes: site.toml, anchors.lock,
// anything below content/, and the theme folder when it is on disk. Changes
// that arrive within the debounce interval make one build. A folder that is
// made, moved or removed (content/errors moved away and copied back, the
// theme folder replaced by a copy) has every folder watched again, so a
// folder that takes another's place is watched too. When the watcher
// reports that it lost events (its queue overflowed), every folder is
// watched again and the next build reads every file, as the first did.
// Watch returns when ctx is done.
func (s *Server) Watch(ctx context.Context) error {
	w, err := s.newWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	ws, err := s.watchSite(w)
	if err != nil {
		return err
	}
	var timer *time.Timer
	fire := make(chan struct{}, 1)
	// arm builds once no change has come for the debounce interval.
	arm := func() {
		if timer == nil {
			timer = time.AfterFunc(s.opts.Debounce, func() {
				select {
				case fire <- struct{}{}:
				default:
				}
			})
		} else {
			timer.Reset(s.opts.Debounce)
		}
	}
	// What changed since the last build: error files by path, or anything
	// else (full).
	var changed []string
	full := false
	for {
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return nil
		case ev, ok := <-w.Events():
			if !ok {
				return nil
			}
			name := filepath.Clean(ev.Name)
			if !s.relevant(name, ws.roots) {
				continue
			}
			if ws.reshapes(name, ev.Op) {
				ws.walk()
			}
			if p, ok := s.errorFile(name); ok {
				changed = append(changed, p)
			} else {
				full = true
			}
			arm()
		case err, ok := <-w.Errors():
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				s.opts.Logf("watch: %v", err)
				continue
			}
			// The watcher lost events: of error files, of folders made
			// (never watched), of anything. What the loader kept from
			// the last build cannot be trusted, nor the watches: watch
			// every folder again and read every file.
			s.opts.Logf("watch: %v: changes were lost; reading every file again", err)
			ws.walk()
			full = true
			arm()
		case <-fire:
			if full {
				s.Rebuild(content.Changes{All: true})
			} else {
				s.Rebuild(content.Changes{Files: changed})
			}
			changed, full = nil, false
		}
	}
}

// watchSite watches the site folder itself, for site.toml and anchors.lock
// (not recursively: public/ and node_modules/ live there too), the folder
// of each root, which sees the root itself go and come back, and every
// folder of the roots' trees.
func (s *Server) watchSite(w watcher) (*watches, error) {
	if err := w.Add(s.opts.Src); err != nil {
		return nil, err
	}
	ws := &watches{w: w, roots: s.roots()}
	for _, root := range ws.roots {
		if parent := filepath.Dir(root); parent != filepath.Clean(s.opts.Src) {
			if err := w.Add(parent); err != nil {
				s.opts.Logf("watch: %v: a replaced %s will not be seen", err, root)
			}
		}
	}
	ws.walk()
	return ws, nil
}

// roots are the folders watched with every folder below them: content/
// and the theme folder on disk.
func (s *Server) roots() []string {
	roots := []string{filepath.Join(s.opts.Src, "content")}
	if s.opts.ThemeDir != "" {
		roots = append(roots, filepath.Clean(s.opts.ThemeDir))
	}
	return roots
}

// errorFile returns the path relative to the site folder of a file in
// content/errors (an error file, or a stray file the check reports), or
// false for any other path: only those can be rebuilt quickly.
func (s *Server) errorFile(name string) (string, bool) {
	rel, err := filepath.Rel(s.opts.Src, name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if dir, _ := path.Split(rel); dir != "content/errors/" {
		return "", false
	}
	return rel, true
}

// relevant reports whether a changed path (clean) can change the site:
// site.toml, anchors.lock, a root or anything in one; editors' swap and
// backup files cannot, nor the other files of the folders the roots are in.
func (s *Server) relevant(name string, roots []string) bool {
	if slices.Contains(roots, name) {
		return true
	}
	base := filepath.Base(name)
	if content.SkipReason(base) != "" {
		return false
	}
	for _, root := range roots {
		if within(root, name) {
			return true
		}
	}
	return filepath.Dir(name) == filepath.Clean(s.opts.Src) && (base == "site.toml" || base == "anchors.lock")
}

// within reports whether the path name is in the folder dir, at any depth.
func within(dir, name string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// watches are the folders of the roots' trees that Watch watches.
type watches struct {
	w     watcher
	roots []string
	tree  map[string]bool // every folder of the trees, as walk last found them
}

// walk watches every folder of the roots' trees, those it watched already
// too: the folder at a watched path may be another one now (a copy put in
// the place of one moved away), and adding its path watches the new one.
// The folders that are gone are not watched any more.
func (ws *watches) walk() {
	seen := map[string]bool{}
	for _, root := range ws.roots {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && ws.w.Add(p) == nil {
				seen[p] = true
			}
			return nil
		})
	}
	for p := range ws.tree {
		if !seen[p] {
			_ = ws.w.Remove(p) // the watcher may have dropped it already
		}
	}
	ws.tree = seen
}

// reshapes reports whether op on name (clean, relevant) makes, moves or
// removes a folder of the trees, a root among them, so that they must be
// walked again. A file's event never does: an editor's save that renames
// a temporary file over an error file costs no walk.
func (ws *watches) reshapes(name string, op fsnotify.Op) bool {
	if !op.Has(fsnotify.Create) && !op.Has(fsnotify.Remove) && !op.Has(fsnotify.Rename) {
		return false
	}
	if ws.tree[name] || slices.Contains(ws.roots, name) {
		return true
	}
	if !op.Has(fsnotify.Create) {
		return false
	}
	st, err := os.Stat(name)
	return err == nil && st.IsDir()
}

// A watcher reports what changes in the folders added to it, each folder
// alone (not recursively). Watch uses fsnotify's; tests give their own, to
// report an overflow or a replaced folder exactly when they choose.
type watcher interface {
	Add(dir string) error
	Remove(dir string) error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
	Close() error
}

// fsWatcher is fsnotify's watcher as a watcher.
type fsWatcher struct{ w *fsnotify.Watcher }

func newFSWatcher() (watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	return fsWatcher{w}, nil
}

func (f fsWatcher) Add(dir string) error          { return f.w.Add(dir) }
func (f fsWatcher) Remove(dir string) error       { return f.w.Remove(dir) }
func (f fsWatcher) Events() <-chan fsnotify.Event { return f.w.Events }
func (f fsWatcher) Errors() <-chan error          { return f.w.Errors }
func (f fsWatcher) Close() error                  { return f.w.Close() }
