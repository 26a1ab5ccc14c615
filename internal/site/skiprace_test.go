package site_test

// raceDetector says the tests run under the race detector (go test -race,
// see race_test.go).
var raceDetector bool

// skipUnderRace skips, under the race detector, a test whose cost is many
// builds or one huge page rather than code running side by side: there it
// is many times slower and adds nothing that the plain run (go test ./...)
// and the concurrent tests run under -race (TestServeUnderStress and the
// output writer's) do not hold.
func skipUnderRace(t interface{ Skip(...any) }) {
	if raceDetector {
		t.Skip("many builds, no concurrency of its own: go test without -race runs it")
	}
}
