//go:build race

package testenv

// raceDetector says the binary runs under the race detector.
const raceDetector = true
