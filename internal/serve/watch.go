package serve

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/bookzo/exact-help/internal/content"
)

// Watch rebuilds the site when a file of it changes: site.toml, anchors.lock,
// anything below content/, and the theme folder when it is on disk. Changes
// that arrive within the debounce interval make one build. When the watcher
// reports that it lost events (its queue overflowed), every folder is
// watched again and the next build reads every file, as the first did.
// Watch returns when ctx is done.
func (s *Server) Watch(ctx context.Context) error {
	w, err := s.newWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	roots := []string{filepath.Join(s.opts.Src, "content")}
	if s.opts.ThemeDir != "" {
		roots = append(roots, s.opts.ThemeDir)
	}
	// The site folder itself, for site.toml and anchors.lock (not
	// recursively: public/ and node_modules/ live there too).
	if err := w.Add(s.opts.Src); err != nil {
		return err
	}
	for _, root := range roots {
		addTree(w, root)
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
			if !s.relevant(ev.Name) {
				continue
			}
			if p, ok := s.errorFile(ev.Name); ok {
				changed = append(changed, p)
			} else {
				full = true
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					addTree(w, ev.Name)
				}
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
			for _, root := range roots {
				addTree(w, root)
			}
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

// relevant reports whether a changed path can change the site; editors'
// swap and backup files do not.
func (s *Server) relevant(name string) bool {
	base := filepath.Base(name)
	if content.SkipReason(base) != "" {
		return false
	}
	if filepath.Dir(name) == filepath.Clean(s.opts.Src) {
		return base == "site.toml" || base == "anchors.lock" || base == "content"
	}
	return true
}

// addTree watches dir and every folder below it.
func addTree(w watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = w.Add(p)
		}
		return nil
	})
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
