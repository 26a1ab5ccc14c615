//go:build !unix

package build

// openFlags: a plain open; the checks before and after it refuse what is
// not a regular file.
const openFlags = 0
