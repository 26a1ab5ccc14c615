//go:build race

package site_test

func init() { raceDetector = true }
