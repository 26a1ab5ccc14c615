package flock

import (
	"errors"
	"testing"
	"time"
)

func TestLocksExcludeEachOther(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r1, err := Acquire(dir, Shared, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Acquire(dir, Shared, time.Second, nil)
	if err != nil {
		t.Fatalf("a second reader waited: %v", err)
	}
	told := false
	if _, err := Acquire(dir, Exclusive, 30*time.Millisecond, func() { told = true }); !errors.Is(err, ErrTimeout) || !told {
		t.Errorf("a writer beside readers: %v (told %v), want a timeout after telling", err, told)
	}
	r1.Unlock()
	r2.Unlock()
	w, err := Acquire(dir, Exclusive, time.Second, nil)
	if err != nil {
		t.Fatalf("a writer after the readers left: %v", err)
	}
	got := make(chan error, 1)
	go func() {
		l, err := Acquire(dir, Shared, 10*time.Second, nil)
		l.Unlock()
		got <- err
	}()
	time.AfterFunc(20*time.Millisecond, w.Unlock)
	if err := <-got; err != nil {
		t.Errorf("a reader waiting for the writer: %v", err)
	}
	var nothing *Lock
	nothing.Unlock()
}
