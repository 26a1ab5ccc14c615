package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeCommand runs "gen serve" as a writer does: it listens on
// 127.0.0.1 (port 1313 unless told), serves the site, and stops cleanly on
// Ctrl-C (SIGINT), saying so.
func TestServeCommand(t *testing.T) {
	var help bytes.Buffer
	run([]string{"serve", "-h"}, &help, &help)
	if !regexp.MustCompile(`-port port\s+the port to serve on \(default 1313\)`).MatchString(help.String()) {
		t.Errorf("gen serve -h does not give port 1313 as the default:\n%s", help.String())
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(baseSiteTOML), 0o644)
	os.MkdirAll(filepath.Join(dir, "content", "errors"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "errors", "reeds-verwerkt.md"),
		[]byte("+++\nid = \"reeds-verwerkt\"\ntitle = \"Reeds verwerkt\"\nmessages = [\"Reeds verwerkt\"]\ncategory = \"instellingen\"\nseverity = \"error\"\n+++\nTekst.\n"), 0o644)

	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	exit := make(chan int, 1)
	go func() {
		code := run([]string{"serve", "-src", dir, "-port", "0"}, outW, &stderr)
		outW.Close()
		exit <- code
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		t.Fatalf("gen serve printed nothing; stderr:\n%s", stderr.String())
	}
	m := regexp.MustCompile(`^serving \S+ at (http://127\.0\.0\.1:\d+/) \(embedded theme\); press Ctrl-C to stop$`).FindStringSubmatch(lines.Text())
	if m == nil {
		t.Fatalf("first line %q: want the address on 127.0.0.1", lines.Text())
	}
	res, err := http.Get(m[1] + "errors/reeds-verwerkt/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET the error's page: %d", res.StatusCode)
	}

	// Ctrl-C. The command's signal handler is registered before it prints
	// the address, so the signal cannot kill the test binary.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		rest <- b.String()
	}()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("gen serve exited %d after Ctrl-C; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("gen serve did not stop within 10s of Ctrl-C")
	}
	if got := <-rest; got != "stopped\n" {
		t.Errorf("after Ctrl-C gen serve printed %q, want %q", got, "stopped\n")
	}
	if _, err := http.Get(m[1]); err == nil {
		t.Error("the server still answers after Ctrl-C")
	}
}
