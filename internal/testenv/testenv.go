// Package testenv holds what tests of several packages need to know about
// how they run.
package testenv

import "testing"

// SkipUnderRace skips, under the race detector (go test -race), a test
// whose cost is many builds or one huge page rather than code running side
// by side: there it is many times slower and adds nothing that the plain
// run (go test ./...) and the concurrent tests run under -race
// (TestServeUnderStress and the output writer's) do not hold.
func SkipUnderRace(t testing.TB) {
	t.Helper()
	if raceDetector {
		t.Skip("many builds, no concurrency of its own: go test without -race runs it")
	}
}
