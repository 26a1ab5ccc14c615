//go:build unix

package build

import "syscall"

// openFlags keep opening a pack from blocking (a named pipe put there
// would wait for a writer) and from following a link put there since the
// check.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOFOLLOW
