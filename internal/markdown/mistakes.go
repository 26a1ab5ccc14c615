package markdown

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Mistakes that Markdown accepts but that damage the page: the checks here
// find them in the parsed body and word the fix in the writer's terms.

// MaxMistakes is how many of these a text reports; a file of thousands
// would flood the pull request.
const MaxMistakes = 100

// listMarker is the start of a list item: "- ", "* ", "+ ", "1. " or "1) ".
const listMarker = `^(?:[-*+]|[0-9]{1,9}[.)])[ \t]+`

// listLine matches a line that starts as a list item, then text.
var listLine = regexp.MustCompile(listMarker + `\S`)

// markupLine matches the Markdown a writer puts in a line of text: bold
// ("**Verkoop**") or a link ("[zie](error:...)", "[site](https://...)").
// Code has ** and ]( too (x**2 + y**2, f[i](y)), so bold counts only after
// a space or punctuation, and a link only with a target a writer would give
// it.
var markupLine = regexp.MustCompile(`(?:^|[^\w*])\*\*[^\s*](?:[^*]*[^\s*])?\*\*|\[[^\]]+\]\(\s*(?i:error\s*:|https?:|mailto:|\.\./|/|www\.)`)

// partLine matches a line that starts with the lead of a part, in any of
// the ways parts recognises.
var partLine = regexp.MustCompile(`(?i)^[*_]{0,2}(oorzaak|oplossing)[*_]{0,2}[.:]?[*_]{0,2}(?:\s|$)`)

// solutionLine matches a line that starts with the lead of a solution, in
// any of the ways parts recognises, a heading's included.
var solutionLine = regexp.MustCompile(`(?i)^(?:#{1,6}[ \t]+)?[*_]{0,2}oplossing[*_]{0,2}[.:]?[*_]{0,2}(?:\s|$)`)

// indentedLead finds, in an indented code block that indentedMarkdown
// leaves alone, a line that starts with the lead of a solution: a solution
// the writer indented, which the page shows as code. It returns where the
// line's text starts and its indentation.
func indentedLead(n *ast.CodeBlock, src []byte) (offset int, ws string, ok bool) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if solutionLine.MatchString(strings.TrimSpace(string(src[seg.Start:seg.Stop]))) {
			ws, offset = indentation(src, seg.Start)
			return offset, ws, true
		}
	}
	return 0, "", false
}

// logLine matches a line of a log: one that starts with a time
// ("2026-01-05 10:00:01", "7-11-2026 09:16", "10:00:01", in brackets or
// not) or a level in capitals ("ERROR", "WARN:"), or has a level in
// brackets ("[ERROR]"). A time inside a line is a writer's ("Wacht tot
// 10:30:00").
var logLine = regexp.MustCompile(`^\[?(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4} \d{1,2}:\d{2}|\d{1,2}:\d{2}:\d{2}\b)|\[(?:ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL)\]|^(?:ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL)\b`)

// logRow matches a list item of a log: a thing and its number, then ":"
// ("- Factuur 1001: OK", "1. Factuur 2026-0042: Ongeldige referentie").
// logStatus matches such an item that says how it went ("OK", "gelukt",
// "✗"). A list counts as a log's when all its items are rows and one says
// how it went: "1. Grootboekrekening 1300: kies Debiteuren" is a writer's
// step.
const logRowText = listMarker + `\pL+ #?[\w-]*[0-9]{3,}[\w-]*:`

var (
	logRow    = regexp.MustCompile(logRowText)
	logStatus = regexp.MustCompile(`(?i)` + logRowText + `[ \t]*(?:ok|gelukt|mislukt|fout|error|failed|failure|success|succeeded|successful|verwerkt|geslaagd|overgeslagen|skipped|[✓✔✗✘❌])(?:[^\pL]|$)`)
)

// headerLine matches a line of a request's or a response's header
// ("Authorization: Bearer **REDACTED**"): its stars are no bold. Only the
// names of HTTP headers count: "Menu: **Verkoop**" is a writer's.
var headerLine = regexp.MustCompile(`(?i)^(?:authorization|proxy-authorization|www-authenticate|accept(?:-[a-z]+)?|content-[a-z]+|cookie|set-cookie|host|user-agent|date|server|location|origin|referer|connection|cache-control|etag|if-none-match|if-match|retry-after|x-[a-z0-9-]+): \S`)

// asCode is what indentedMarkdown's problems add: the block may be a log
// the writer meant to show as it is.
const asCode = "; if it is a log or code, put it between two lines ``` instead"

// indentedMarkdown checks an indented code block (not a fenced one): lines
// that look like bold text or a link, or a block that is mostly list items,
// are Markdown the writer meant, indented by a tab or four spaces, which
// makes them code on the page (and too wide for a phone). A log excerpt or
// code with a line that starts like a list item ("- " in a log, " * " in a
// comment) is code, and so is a block with a line of a log (a time, a
// level), a list whose items are all a log's rows ("- Factuur 1001: OK"),
// and bold in a header line ("Authorization: Bearer **REDACTED**"). It returns the offset of the first such line and the
// problem, or ok false for code; parts lists the parts (oorzaak,
// oplossing) whose lead the block holds.
func indentedMarkdown(n *ast.CodeBlock, src []byte) (offset int, msg string, parts []string, ok bool) {
	lines := n.Lines()
	firstItem, firstMarkup := -1, -1
	items, rows, status, markup, nonBlank := 0, 0, 0, 0, 0
	comment := false
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimSpace(string(src[seg.Start:seg.Stop]))
		if line == "" {
			continue
		}
		nonBlank++
		if logLine.MatchString(line) {
			return 0, "", nil, false // a log: code as written
		}
		comment = comment || strings.HasPrefix(line, "/*") || strings.HasPrefix(line, "*/")
		if listLine.MatchString(line) {
			items++
			if logRow.MatchString(line) {
				rows++
				if logStatus.MatchString(line) { // a row that says how it went
					status++
				}
			}
			if firstItem < 0 {
				firstItem = i
			}
		}
		if markupLine.MatchString(line) && !(headerLine.MatchString(line) && !partLine.MatchString(line)) {
			markup++
			if firstMarkup < 0 {
				firstMarkup = i
			}
		}
		if m := partLine.FindStringSubmatch(line); m != nil {
			parts = append(parts, strings.ToLower(m[1]))
		}
	}
	if comment || (rows == items && status > 0) {
		items = 0 // " * text" is a comment's line; "- Factuur 1001: OK" a log's
	}
	list := items > 0 && 2*items >= nonBlank
	first := firstMarkup
	if list && (first < 0 || firstItem < first) {
		first = firstItem
	}
	if first < 0 {
		return 0, "", nil, false
	}
	seg := lines.At(first)
	ws, start := indentation(src, seg.Start)
	inItem := inListItem(n)
	switch {
	case list && inItem:
		msg = fmt.Sprintf(`this list is indented with %s, so the page shows it as code: start each list line at the margin ("- " or "1. "), or under the text of the item above for a list in a list`, ws)
	case list:
		msg = fmt.Sprintf(`this list is indented with %s, so the page shows it as code: start each list line at the margin ("- " or "1. ")`, ws)
	case inItem:
		msg = fmt.Sprintf(`this text is indented with %s, so the page shows it as code, with ** and [ ]( ) as typed: start each line under the text of the item above`, ws)
	default:
		msg = fmt.Sprintf(`this text is indented with %s, so the page shows it as code, with ** and [ ]( ) as typed: start each line at the margin`, ws)
	}
	return start, msg + asCode, parts, true
}

// runInList checks the lines of a paragraph (or a list item's text) after
// the first: a list indented by four spaces or a tab right below a line of
// text cannot start there, so the page runs its items into that line. It
// returns the offset of the first such line and the problem.
func runInList(n ast.Node, src []byte) (offset int, msg string, ok bool) {
	lines := n.Lines()
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		start := textStart(src, seg.Start)
		if columns(src, start) < 4 || !listLine.MatchString(strings.TrimRight(string(src[start:seg.Stop]), "\n")) {
			continue
		}
		ws, _ := indentation(src, seg.Start)
		msg = fmt.Sprintf(`this list is indented with %s, so the page runs it into the line above: start each list line at the margin ("- " or "1. ")`, ws)
		if inListItem(n) {
			msg += ", or under the text of the item above for a list in a list"
		}
		return start, msg, true
	}
	return 0, "", false
}

// textStart returns where the text starts at offset, after spaces and tabs.
func textStart(src []byte, offset int) int {
	for offset < len(src) && (src[offset] == ' ' || src[offset] == '\t') {
		offset++
	}
	return offset
}

// indentation describes the spaces and tabs around offset in its line (the
// indentation of the text there, after any ">" of a quote) and returns
// where the text starts.
func indentation(src []byte, offset int) (string, int) {
	i, j := offset, textStart(src, offset)
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] == '>' && i < j && src[i] == ' ' {
		i++ // the space after a quote's ">" belongs to the ">"
	}
	tabs := strings.Count(string(src[i:j]), "\t")
	spaces := j - i - tabs
	switch {
	case tabs == 1 && spaces == 0:
		return "a tab", j
	case spaces == 0:
		return fmt.Sprintf("%d tabs", tabs), j
	case tabs == 0:
		return fmt.Sprintf("%d spaces", spaces), j
	}
	return "tabs and spaces", j
}

// columns returns how far the whitespace before offset reaches, a tab
// counting to the next multiple of 4, as CommonMark counts it.
func columns(src []byte, offset int) int {
	i := offset
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	col := 0
	for _, c := range src[i:offset] {
		if c == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	return col
}

func inListItem(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindListItem {
			return true
		}
	}
	return false
}

// webHosts are the top-level domains that tell a web address written
// without https:// from a file name.
var webHosts = []string{".nl", ".com", ".be", ".eu", ".org", ".net", ".de", ".io", ".info"}

// relativeTarget checks the target of a link or image that is neither a
// link to an error nor an address with a scheme: relative to an error's
// page (/errors/<id>/), a bare name such as "ongeldige-referentie-btw-code"
// or "handleiding.pdf" leads to a page that does not exist, and so does a
// name after "../" ("../categories/verbinding/" is
// /errors/categories/verbinding/). Links written as to a file of the
// repository ("../reeds-verwerkt.md", "/content/errors/reeds-verwerkt.md",
// "errors/Reeds-verwerkt") lead nowhere from any page. Other targets that
// start with /, #, ? or ../../ are left alone, and so is a relative target
// at the site's root (Links.AtRoot) that is not an error's name, an e-mail
// or a web address. links names the error the target may mean. It returns
// the problem, "" for none.
func relativeTarget(kind, dest string, links Links) string {
	d := strings.TrimSpace(dest)
	if d == "" || strings.ContainsAny(d[:1], "#?") {
		return ""
	}
	if u, err := url.Parse(d); err != nil || u.Scheme != "" {
		return "" // an address with a scheme: safeURL judges it
	}
	if kind == "link" {
		if msg := fileTarget(dest, d, links); msg != "" {
			return msg
		}
	}
	if rest, ok := strings.CutPrefix(d, "../"); ok {
		if links.AtRoot || rest == "" || strings.HasPrefix(rest, "../") || strings.ContainsAny(rest[:1], "#?") {
			return ""
		}
		// From an error's page, ../ is the list of errors, /errors/: below
		// it there is only a page per error, and internalID has those.
		switch {
		case kind == "image":
			return fmt.Sprintf("image %s is not on the site, so the page cannot show it: give its full address (https://...)", excerpt(dest))
		case strings.HasPrefix(rest, "categories/"):
			return fmt.Sprintf("link %s leads to a page that does not exist: from an error's page ../ is the list of errors, so write (%s)", excerpt(dest), bare("/"+rest))
		}
		return genericTarget(dest)
	}
	if d[0] == '/' {
		return ""
	}
	name := strings.Trim(strings.TrimPrefix(d, "./"), "/")
	if kind == "link" {
		if id := links.find(name); id != "" {
			exact := false
			if links.Error != nil {
				_, exact = links.Error(name)
			}
			switch {
			case id == name:
				return fmt.Sprintf("link %s leads to a page that does not exist: %s is the id of an error, so write (error:%s)", excerpt(dest), excerpt(id), id)
			case exact:
				return fmt.Sprintf("link %s leads to a page that does not exist: %s is an old id of the error %s, so write (error:%s)", excerpt(dest), excerpt(name), excerpt(id), id)
			}
			return fmt.Sprintf("link %s leads to a page that does not exist: it names the error %s, so write (error:%s)", excerpt(dest), excerpt(id), id)
		}
	}
	host, _, _ := strings.Cut(name, "/")
	if kind == "link" && strings.Contains(host, "@") && !strings.Contains(name, "/") {
		return fmt.Sprintf("link %s leads to a page that does not exist: for an e-mail address write (mailto:%s)", excerpt(dest), bare(name))
	}
	lower := strings.ToLower(host)
	web := strings.HasPrefix(lower, "www.")
	for _, h := range webHosts {
		web = web || strings.HasSuffix(lower, h)
	}
	switch {
	case web:
		return fmt.Sprintf("%s %s leads to a page that does not exist: start a web address with https:// (%s)", kind, excerpt(dest), excerpt("https://"+d))
	case links.AtRoot:
		return "" // a page of the site, such as categories/verbinding/
	case kind == "image":
		return fmt.Sprintf("image %s is not on the site, so the page cannot show it: give its full address (https://...)", excerpt(dest))
	}
	return genericTarget(dest)
}

// bare is excerpt without the quotes, for text in the form to write.
func bare(text string) string {
	q := excerpt(text)
	return q[1 : len(q)-1]
}

// genericTarget is the problem of a link that leads nowhere and names
// nothing the check knows.
func genericTarget(dest string) string {
	return fmt.Sprintf("link %s leads to a page that does not exist: link to an error with (error:<id>), to a web page with its full address (https://...)", excerpt(dest))
}

// fileTarget checks a link written as to a file of the repository or a
// page file, the way links between Markdown files work on GitHub: a name
// that ends in .md or .html, or a name under errors/ that is no id
// ("errors/Reeds-verwerkt"). The site has no such pages. When the name,
// without its folders and ending, is an error's, the problem names the link
// to write; a .md file is never a page, whatever its name. "" for any other
// target (d is dest trimmed).
func fileTarget(dest, d string, links Links) string {
	p := d
	if i := strings.IndexAny(p, "#?"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	dir, name := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, name = p[:i+1], p[i+1:]
	}
	md := false
	switch lower := strings.ToLower(name); {
	case strings.HasSuffix(lower, ".md"):
		name, md = name[:len(name)-len(".md")], true
	case strings.HasSuffix(lower, ".html"):
		name = name[:len(name)-len(".html")]
	case !strings.HasSuffix(strings.ToLower(dir), "errors/"):
		return ""
	}
	if id := links.find(name); id != "" {
		if md {
			return fmt.Sprintf("link %s leads to a page that does not exist: it is the file of the error %s, so write (error:%s)", excerpt(dest), excerpt(id), id)
		}
		return fmt.Sprintf("link %s leads to a page that does not exist: it names the error %s, so write (error:%s)", excerpt(dest), excerpt(id), id)
	}
	if md {
		return genericTarget(dest)
	}
	return ""
}

// unknownError words the problem of a link to an error id that no error
// has, naming the error the writer may have meant.
func unknownError(dest, id string, links Links) string {
	if want := links.find(id); want != "" {
		return fmt.Sprintf("link %s: no error has the id %s, but it names the error %s: write (error:%s)", excerpt(dest), excerpt(id), excerpt(want), want)
	}
	return fmt.Sprintf("link %s: no error has the id %s (see content/errors/)", excerpt(dest), excerpt(id))
}

// find is Links.Find for a writer's text trimmed, "" for none.
func (l Links) find(text string) string {
	if text = strings.TrimSpace(text); l.Find == nil || text == "" {
		return ""
	}
	return l.Find(text)
}

// rawErrorLink finds, in t from i on, what is left of a link to an error
// that Markdown did not take as a link and shows as typed: "[zie](error:
// id)" with a space, "[zie](error:Ongeldige referentie: Btw-code)" with a
// title, "[zie] (error:id)" with a space between the brackets. That is a "]",
// then "(" and "error:" (in any case, spaces around them allowed), then
// the target up to ")" or the end of the line. It returns where the "]" and
// the whole are, and the target; start -1 for none.
func rawErrorLink(t string, i int) (start, end int, target string) {
	space := func(j int) int {
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		return j
	}
	for ; i < len(t); i++ {
		k := strings.IndexByte(t[i:], ']')
		if k < 0 {
			break
		}
		i += k
		j := space(i + 1)
		if j >= len(t) || t[j] != '(' {
			continue
		}
		j = space(j + 1)
		if j+5 > len(t) || !strings.EqualFold(t[j:j+5], "error") {
			continue
		}
		j = space(j + 5)
		if j >= len(t) || t[j] != ':' {
			continue
		}
		stop := j + 1 + strings.IndexAny(t[j+1:], ")\n")
		if stop == j {
			return i, len(t), t[j+1:]
		}
		end := stop
		if t[stop] == ')' {
			end++
		}
		return i, end, t[j+1 : stop]
	}
	return -1, -1, ""
}

// A textRun is the text of one block's inline content (code spans left
// out), with where each piece of it is in the source.
type textRun struct {
	text   strings.Builder
	pieces []piece
}

type piece struct{ at, src int }

func (r *textRun) add(b []byte, src int) {
	r.pieces = append(r.pieces, piece{r.text.Len(), src})
	r.text.Write(b)
}

// source returns the offset in the source of the run's byte i.
func (r *textRun) source(i int) int {
	k := sort.Search(len(r.pieces), func(k int) bool { return r.pieces[k].at > i }) - 1
	if k < 0 {
		return 0
	}
	return r.pieces[k].src + i - r.pieces[k].at
}

// rawErrorLinks finds links to errors that show as typed (see rawErrorLink)
// in the text of doc's blocks and calls problem with each one's offset and
// message. links names the error that the text after "error:" means.
func rawErrorLinks(doc ast.Node, src []byte, links Links, problem func(offset int, msg string)) {
	var runs []*textRun
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering && len(runs) > 0 {
				r := runs[len(runs)-1]
				r.add(n.Segment.Value(src), n.Segment.Start)
				if n.SoftLineBreak() || n.HardLineBreak() {
					r.add([]byte(" "), n.Segment.Stop)
				}
			}
			return ast.WalkContinue, nil
		}
		if n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if entering {
			runs = append(runs, &textRun{})
			return ast.WalkContinue, nil
		}
		r := runs[len(runs)-1]
		runs = runs[:len(runs)-1]
		t := r.text.String()
		for i := 0; ; {
			at, end, target := rawErrorLink(t, i)
			if at < 0 {
				break
			}
			i = end
			// The link's text: from its "[", looked for in the 200 bytes
			// before (a link text is short; the search must stay cheap).
			start, from := at, max(0, at-200)
			if open := strings.LastIndexByte(t[from:at], '['); open >= 0 && !strings.Contains(t[from+open:at], "]") {
				start = from + open
			}
			fix := "write (error:<id>) right after the ], with the error's id (see content/errors/) and no spaces"
			if id := links.find(target); id != "" {
				fix = fmt.Sprintf("write (error:%s) right after the ], with the id and no spaces", id)
			}
			problem(r.source(at), fmt.Sprintf("%s is shown as typed, not as a link: %s", excerpt(t[start:end]), fix))
		}
		return ast.WalkContinue, nil
	})
}

// mayHaveRawErrorLink reports whether src can hold a raw link to an error
// at all: a "(" followed by "error", in any case, after spaces. Most bodies
// do not, and are not walked again.
func mayHaveRawErrorLink(src []byte) bool {
	for i := 0; i < len(src); i++ {
		if src[i] != '(' {
			continue
		}
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if j+5 <= len(src) && strings.EqualFold(string(src[j:j+5]), "error") {
			return true
		}
	}
	return false
}
