package serve

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bookzo/exact-help/theme"
)

// TestOnlyTheWritersBrowserIsServed: the dev server answers requests for
// this machine only (a DNS rebinding page names another host), refuses
// other origins on its status and event endpoints, serves only GET and
// HEAD, and never redirects to another site.
func TestOnlyTheWritersBrowserIsServed(t *testing.T) {
	t.Parallel()
	dir, _ := newSite(t)
	s := New(Options{Src: dir, BaseURL: "http://127.0.0.1:1313/", Theme: theme.FS})
	if !s.Build() {
		t.Fatal("build failed")
	}
	h := s.Handler()
	for _, c := range []struct {
		method, path, host, origin string
		status                     int
		location                   string
	}{
		{"GET", "/", "127.0.0.1:1313", "", 200, ""},
		{"GET", "/", "localhost:1313", "", 200, ""},
		{"GET", "/", "[::1]:1313", "", 200, ""},
		{"GET", "/", "LOCALHOST", "", 200, ""},
		{"HEAD", "/errors/", "127.0.0.1:1313", "", 200, ""},
		{"GET", "/", "evil.example:1313", "", 403, ""},
		{"GET", "/_gen/status", "rebind.evil.example", "", 403, ""},
		{"GET", "/", "192.168.1.20:1313", "", 403, ""},
		{"GET", "/", "", "", 403, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "http://evil.example", 403, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "http://127.0.0.1:9999", 403, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "null", 403, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "http://127.0.0.1:1313", 200, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "http://localhost:1313", 200, ""},
		{"GET", "/_gen/status", "127.0.0.1:1313", "", 200, ""},
		{"POST", "/", "127.0.0.1:1313", "", 405, ""},
		{"PUT", "/errors/reeds-verwerkt/", "127.0.0.1:1313", "", 405, ""},
		{"DELETE", "/_gen/status", "127.0.0.1:1313", "", 405, ""},
		{"GET", "/%2Fevil.com%2F..%2Ferrors", "127.0.0.1:1313", "", 301, "/errors/"},
		{"GET", "//evil.com/../errors", "127.0.0.1:1313", "", 307, "/errors"}, // the mux cleans it
		{"GET", "/errors/reeds-verwerkt?q=x", "127.0.0.1:1313", "", 301, "/errors/reeds-verwerkt/?q=x"},
	} {
		// The request as it arrives on the wire.
		raw := c.method + " " + c.path + " HTTP/1.1\r\nHost: " + c.host + "\r\n"
		if c.origin != "" {
			raw += "Origin: " + c.origin + "\r\n"
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw + "\r\n")))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s %s (Host %q, Origin %q): %d, want %d", c.method, c.path, c.host, c.origin, rec.Code, c.status)
		}
		if loc := rec.Header().Get("Location"); loc != c.location {
			t.Errorf("%s %s: Location %q, want %q", c.method, c.path, loc, c.location)
		}
		if c.status == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", c.method, c.path, rec.Header().Get("Allow"))
		}
		if c.status == 403 && strings.Contains(rec.Body.String(), "reeds-verwerkt") {
			t.Errorf("%s %s: a refusal shows site content", c.method, c.path)
		}
	}
}

// TestAnyAddressWhenListeningOnAll: bound to every address (a phone on the
// same network), numeric hosts are served; names still are not.
func TestAnyAddressWhenListeningOnAll(t *testing.T) {
	t.Parallel()
	dir, _ := newSite(t)
	s := New(Options{Src: dir, BaseURL: "http://0.0.0.0:1313/", Theme: theme.FS})
	s.Build()
	for host, want := range map[string]int{"192.168.1.20:1313": 200, "[fe80::1]:1313": 200, "evil.example:1313": 403} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}
