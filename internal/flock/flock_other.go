//go:build !unix

package flock

import "os"

// Elsewhere (Windows) folders cannot be locked this way: every lock is
// granted, as before locks existed.
func try(*os.File, Mode) (bool, error) { return true, nil }

func unlock(*os.File) {}
