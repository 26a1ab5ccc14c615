// Package flock takes advisory locks on folders, so that gen processes that
// work on the same site or output folder at the same time take turns
// instead of losing each other's work.
//
// # Locks
//
//   - The site folder: gen build reads the content and anchors.lock under an
//     exclusive lock, and takes it again to add anchors to the record; gen
//     new holds it while it writes a file and records its id; gen check and
//     gen serve read under a shared lock. So a check or a build never sees
//     an error file without its recorded id, and no process writes
//     anchors.lock from a copy another process has changed since.
//   - The output folder: a build holds it from checking the folder to
//     putting the new build in its place, and holds the new folder's from
//     before the swap until the old output is removed and the manifest
//     beside the folder lists the new build alone, so two builds into one
//     folder run one after the other.
//
// A lock is flock(2) on the folder itself: nothing is written into the
// site, and a killed process frees its locks. A process that finds a folder
// locked waits, up to a time it names, and then fails with a message
// saying what it waited for.
package flock

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Mode is shared (readers) or exclusive (writers).
type Mode int

const (
	Shared Mode = iota
	Exclusive
)

// ErrTimeout is returned (wrapped) when a lock was not free in time.
var ErrTimeout = errors.New("timed out")

// A Lock is a held lock; Unlock frees it.
type Lock struct {
	f *os.File
}

// Acquire locks the folder dir in mode, waiting up to wait for another
// process to free it. waiting, when not nil, is called once if the lock is
// not free at first (to tell the user what is going on).
func Acquire(dir string, mode Mode, wait time.Duration, waiting func()) (*Lock, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	pause := time.Millisecond
	told := false
	for {
		ok, err := try(f, mode)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		if ok {
			return &Lock{f: f}, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s is in use by another gen process (waited %s): %w", dir, wait.Round(time.Millisecond), ErrTimeout)
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		// flock(2) has no timeout: poll, backing off to a tenth of a
		// second.
		time.Sleep(pause)
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// File returns the open folder the lock is held on.
func (l *Lock) File() *os.File { return l.f }

// Unlock frees the lock. It may be called on a nil Lock.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}
