package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/bookzo/exact-help/internal/anchors"
	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/flock"
	"golang.org/x/term"
)

// newTemplate is the file gen new writes: every key present and explained.
// The comments are Dutch: the file is for the writers (CONTRIBUTING.md).
var newTemplate = template.Must(template.New("new").Parse(`+++
# Het vaste id van de melding: de pagina is /errors/{{.ID}}/ en support linkt
# naar /errors/#{{.ID}}. Verander het nooit; hernoemen kan alleen met het oude
# id in aliases.
id = {{printf "%q" .ID}}

# Wat de lezer ziet in lijsten en als kop van de pagina.
title = {{printf "%q" .Title}}

# Elke tekst die het synchronisatielog voor deze melding kan tonen, precies
# zoals het log hem toont (tikfouten ook): de Nederlandse en de Engelse tekst.
# Delen die per klant verschillen, schrijft u als placeholder: {datum},
# {factuurnummer}, {klant}.
messages = [
  {{printf "%q" .Message}},
]

# Een van de categorieën uit site.toml: {{.Categories}}.
category = {{printf "%q" .Category}}

# "error" voor een rood kruisje, "warning" voor een regel die de volgende
# synchronisatie wordt overgeslagen.
severity = "error"

# Extra zoekwoorden (mag leeg blijven).
tags = []

# Eerdere ids van deze melding, zodat oude links blijven werken (mag leeg).
aliases = []

# Ids van verwante meldingen (mag leeg).
related = []

# De datum van de laatste echte wijziging van de uitleg.
updated = {{.Today}}

# "current", of "retired" als de software deze melding niet meer geeft: de
# pagina blijft, met die aantekening.
status = "current"

# Alleen als het log van de klant er meer heeft: "first" als deze melding
# elke synchronisatie tegenhoudt (inloggen, verbinding), "last" als ze volgt
# uit de andere (zoals 429). Anders weglaten.
# fix = "first"

# Onder de tweede +++ komt de uitleg, in Markdown: een alinea die begint met
# **Oorzaak.** en een die begint met **Oplossing.** Leeg laten mag: de pagina
# zegt dan dat er nog geen oplossing is.
+++
`))

// A prompter asks the writer to choose; nil when no one can answer (no
// terminal).
type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

// terminalPrompter returns a prompter on standard input and error when
// standard input is a terminal, else nil.
func terminalPrompter(stderr io.Writer) *prompter {
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return nil
	}
	return &prompter{in: bufio.NewReader(os.Stdin), out: stderr}
}

// chooseCategory asks for one of the site's categories, by number or name,
// until the answer is one.
func (p *prompter) chooseCategory(cats []content.Category) (string, error) {
	fmt.Fprintln(p.out, "Which category does the error belong to?")
	for i, c := range cats {
		fmt.Fprintf(p.out, "  %d  %s (%s)\n", i+1, c.Name, c.Title)
	}
	for {
		fmt.Fprint(p.out, "number or name: ")
		line, err := p.in.ReadString('\n')
		answer := strings.TrimSpace(line)
		if n, convErr := strconv.Atoi(answer); convErr == nil && n >= 1 && n <= len(cats) {
			return cats[n-1].Name, nil
		}
		for _, c := range cats {
			if strings.EqualFold(answer, c.Name) {
				return c.Name, nil
			}
		}
		if err != nil {
			return "", errors.New("new: no category chosen; nothing was written")
		}
		if answer != "" {
			fmt.Fprintf(p.out, "%q is not one of them.\n", answer)
		}
	}
}

// placeholder is a {name} of a message template.
var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

func cmdNew(args []string, stdout, stderr io.Writer) error {
	return newError(args, terminalPrompter(stderr), stdout, stderr)
}

// newError is gen new; ask, when not nil, asks the writer what the flags
// leave open.
func newError(args []string, ask *prompter, stdout, stderr io.Writer) error {
	o, err := parseNewArgs(args, stderr)
	if err != nil {
		return err
	}
	if msg := content.CheckID(o.id); msg != "" {
		return fmt.Errorf("new: id %q: %s", o.id, msg)
	}
	// The whole of gen new holds the site's lock: a build running at the
	// same time neither loses the id recorded here nor sees the file
	// without it.
	lk, err := lockSite(o.src, flock.Exclusive, o.wait, stderr)
	if err != nil {
		return err
	}
	defer lk.Unlock()
	cs, err := loadForNew(o.src, stderr)
	if err != nil {
		return err
	}
	if e := cs.Resolve(o.id); e != nil {
		return fmt.Errorf("new: %q is already taken by %s", o.id, filepath.ToSlash(filepath.Join(o.src, e.Path)))
	}
	if o.category, err = newCategory(cs, o.category, ask); err != nil {
		return err
	}
	o.title, o.msg = newTexts(o.id, o.title, o.msg)
	text, err := newFile(o, cs.Config.Categories)
	if err != nil {
		return err
	}
	p, err := createErrorFile(o.src, o.id, text)
	if err != nil {
		return err
	}
	// Record the id at once, so that check passes on the pull request.
	if cs2, _ := content.Load(os.DirFS(o.src)); cs2 != nil {
		if err := writeRecord(o.src, cs2); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created %s\nwrite the cause and solution below the +++ line, then preview with: go run ./cmd/gen serve\n", filepath.ToSlash(p))
	return nil
}

// newOptions are gen new's id and flags.
type newOptions struct {
	id                        string
	src, title, msg, category string
	wait                      time.Duration
}

// parseNewArgs reads gen new's flags and its one id, which may come before,
// between or after the flags.
func parseNewArgs(args []string, stderr io.Writer) (newOptions, error) {
	flags := newFlags("new", stderr)
	src := flags.String("src", ".", "the site `folder` (site.toml, content/)")
	title := flags.String("title", "", "the error's `title` (default: the message, else made from the id)")
	msg := flags.String("message", "", "the `message` as the sync log shows it (default: the title)")
	category := flags.String("category", "", "the `category`, one of site.toml's (asked for when not given, at a terminal)")
	wait := flags.Duration("wait", defaultWait, "how long to wait for another gen process using the site folder")
	var ids []string
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return newOptions{}, err
			}
			return newOptions{}, errUsage
		}
		if flags.NArg() == 0 {
			break
		}
		ids = append(ids, flags.Arg(0))
		args = flags.Args()[1:]
	}
	if len(ids) != 1 {
		if len(ids) > 1 {
			fmt.Fprintf(stderr, "gen: one id at a time; got %s\n", strings.Join(ids, ", "))
		}
		fmt.Fprintln(stderr, "gen: usage: gen new <id> [-title T] [-message M] [-category C]")
		return newOptions{}, errUsage
	}
	return newOptions{id: ids[0], src: *src, title: *title, msg: *msg, category: *category, wait: *wait}, nil
}

// loadForNew loads the site in src for gen new. It refuses a site whose
// settings cannot be read, and one whose anchors.lock has lines that cannot
// be read (gen new rewrites it, which would drop them), printing the
// problems.
func loadForNew(src string, stderr io.Writer) (*content.Site, error) {
	cs, ds := content.Load(os.DirFS(src))
	if cs == nil {
		for _, d := range prefixed(src, ds) {
			fmt.Fprintln(stderr, d)
		}
		return nil, errors.New("new: cannot read the site settings")
	}
	if _, lds := anchors.Read(os.DirFS(src)); len(lds) > 0 {
		for _, d := range prefixed(src, lds) {
			fmt.Fprintln(stderr, d)
		}
		return nil, fmt.Errorf("new: %s must be fixed first; nothing was written", anchors.Path)
	}
	return cs, nil
}

// newCategory returns the category of the new error: the one given, which
// must be one of the site's, or, when none is given, the one the writer
// chooses when ask is not nil.
func newCategory(cs *content.Site, category string, ask *prompter) (string, error) {
	cats := cs.Config.Categories
	var listed []string
	for _, c := range cats {
		listed = append(listed, fmt.Sprintf("%s (%s)", c.Name, c.Title))
	}
	switch {
	case category == "" && ask != nil && len(cats) > 0:
		return ask.chooseCategory(cats)
	case category == "":
		return "", fmt.Errorf("new: say which category the error belongs to with -category, one of: %s; nothing was written", strings.Join(listed, ", "))
	case cs.Category(category) == nil:
		return "", fmt.Errorf("new: category %q is not in site.toml; use one of: %s; nothing was written", category, strings.Join(listed, ", "))
	}
	return category, nil
}

// newTexts returns the title and message of the new error: the title
// defaults to the message, else to a title made from the id; the message
// to the title.
func newTexts(id, title, msg string) (string, string) {
	if title == "" && msg != "" {
		// The message as it is, punctuation and all; a placeholder reads
		// as an ellipsis.
		title = strings.Join(strings.Fields(placeholder.ReplaceAllString(msg, "…")), " ")
	}
	if title == "" {
		title = strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "-", " ")
	}
	if msg == "" {
		msg = title
	}
	return title, msg
}

// newFile returns the text of the new error's file (newTemplate), dated
// today.
func newFile(o newOptions, cats []content.Category) ([]byte, error) {
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	var b bytes.Buffer
	err := newTemplate.Execute(&b, map[string]string{
		"ID": o.id, "Title": o.title, "Message": o.msg, "Category": o.category,
		"Categories": strings.Join(names, ", "), "Today": time.Now().Format("2006-01-02"),
	})
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// createErrorFile writes text to content/errors/<id>.md in the site
// folder src, which must not exist yet, and returns its path. It never
// writes through a link out of the site.
func createErrorFile(src, id string, text []byte) (string, error) {
	p := filepath.Join(src, filepath.FromSlash(content.ErrorsDir), id+".md")
	for _, dir := range []string{"content", content.ErrorsDir} {
		d := filepath.Join(src, filepath.FromSlash(dir))
		if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
			return "", fmt.Errorf("new: %s is not a folder (a link or a file): the site's files must be real files and folders inside the site folder; nothing was written", filepath.ToSlash(d))
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("new: %s already exists", p)
	} else if err != nil {
		return "", err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return p, nil
}
