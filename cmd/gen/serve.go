package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/bookzo/exact-help/internal/serve"
)

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	src := fs.String("src", ".", "the site `folder` (site.toml, content/)")
	port := fs.Int("port", 1313, "the `port` to serve on")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on")
	themeDir := fs.String("theme", "", "the theme `folder` to read from disk (default: theme/ in the site folder if it exists, else the embedded theme)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *themeDir == "" {
		// The site's own theme folder is the site's content: never a link.
		site := filepath.Join(*src, "theme")
		if fi, err := os.Lstat(site); err == nil && fi.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("serve: %s is a symbolic link: the site's files must be real files inside the site folder; replace the link with the folder itself", site)
		}
		if st, err := os.Lstat(filepath.Join(site, "templates")); err == nil && (st.IsDir() || st.Mode()&os.ModeSymlink != 0) {
			*themeDir = site
		}
	}
	th, err := themeFS(*themeDir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("serve: %v (is another gen serve running? try -port)", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	base := "http://" + net.JoinHostPort(*bind, strconv.Itoa(addr.Port)) + "/"
	s := serve.New(serve.Options{
		Src:      *src,
		BaseURL:  base,
		Theme:    th,
		ThemeDir: *themeDir,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(stderr, "gen: "+format+"\n", args...)
		},
	})
	s.Build()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		if err := s.Watch(ctx); err != nil {
			fmt.Fprintf(stderr, "gen: watch: %v\n", err)
		}
	}()
	theme := "embedded theme"
	if *themeDir != "" {
		theme = "theme from " + *themeDir
	}
	fmt.Fprintf(stdout, "serving %s at %s (%s); press Ctrl-C to stop\n", *src, base, theme)
	if err := s.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}
