package markdown

import (
	"bytes"
	"fmt"
)

// Limits on what a body may ask of the parser. goldmark is quadratic in a
// few constructs (a line of thousands of nested quotes or list markers,
// thousands of unclosed links or emphasis marks, thousands of link
// reference definitions), and a table pads every row to its header's width,
// so a file of 1 MiB could keep a build busy for minutes or render to
// hundreds of megabytes. No help text comes near these limits; a body that
// passes one is reported and not rendered.
const (
	MaxLinks     = 2000      // "](": links and images
	MaxEmphasis  = 5000      // * and _ characters
	MaxLinkDefs  = 500       // [label]: reference definitions
	MaxCells     = 50_000    // rows × columns, over all tables
	MaxHTMLBytes = 8_000_000 // the rendered body
)

// guard scans src before it is parsed and returns the problems that make it
// too costly to parse, at their lines.
func guard(src []byte) []Problem {
	var ps []Problem
	links, emphasis, defs, cells := 0, 0, 0, 0
	lineNo := 0
	var prev []byte // the line before, for a table's header
	tableCols, tableStart := 0, 0
	flushTable := func(rows int) {
		if tableCols == 0 {
			return
		}
		cells += tableCols * (rows + 1)
		if cells > MaxCells && len(ps) == 0 {
			ps = append(ps, Problem{tableStart, fmt.Sprintf("the tables have more than %d cells (rows × columns); the limit is %d: make the table smaller or split it", MaxCells, MaxCells)})
		}
		tableCols = 0
	}
	rows := 0
	for rest := src; len(rest) > 0 && len(ps) == 0; {
		lineNo++
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if d := containerDepth(line); d > MaxNesting {
			ps = append(ps, Problem{lineNo, fmt.Sprintf("lists and quotes are nested more than %d deep", MaxNesting)})
			break
		}
		links += bytes.Count(line, []byte("]("))
		if links > MaxLinks {
			ps = append(ps, Problem{lineNo, fmt.Sprintf("more than %d links; the limit is %d per error", MaxLinks, MaxLinks)})
			break
		}
		emphasis += bytes.Count(line, []byte("*")) + bytes.Count(line, []byte("_"))
		if emphasis > MaxEmphasis {
			ps = append(ps, Problem{lineNo, fmt.Sprintf("more than %d * and _ characters (emphasis); the limit is %d per error", MaxEmphasis, MaxEmphasis)})
			break
		}
		if isLinkDef(line) {
			if defs++; defs > MaxLinkDefs {
				ps = append(ps, Problem{lineNo, fmt.Sprintf("more than %d link reference definitions ([label]: url); the limit is %d per error", MaxLinkDefs, MaxLinkDefs)})
				break
			}
		}
		// Tables: a delimiter row under a header row starts one; it runs to
		// the first blank line.
		switch {
		case tableCols > 0 && len(bytes.TrimSpace(line)) == 0:
			flushTable(rows)
		case tableCols > 0:
			rows++
		default:
			if n := delimiterCells(line); n > 0 && prev != nil && bytes.IndexByte(prev, '|') >= 0 {
				tableCols, tableStart, rows = n, lineNo-1, 0
			}
		}
		prev = line
	}
	if len(ps) == 0 {
		flushTable(rows)
	}
	return ps
}

// containerDepth counts the block quote and list markers that open a line
// ("> > - 1. text" is 4 deep).
func containerDepth(line []byte) int {
	depth := 0
	i := 0
	for {
		j := i
		for j < len(line) && j-i < 4 && line[j] == ' ' {
			j++
		}
		switch {
		case j < len(line) && line[j] == '>':
			depth++
			i = j + 1
			if i < len(line) && line[i] == ' ' {
				i++
			}
			continue
		case j+1 < len(line) && (line[j] == '-' || line[j] == '*' || line[j] == '+') && (line[j+1] == ' ' || line[j+1] == '\t'):
			depth++
			i = j + 2
			continue
		}
		k := j
		for k < len(line) && k-j < 9 && line[k] >= '0' && line[k] <= '9' {
			k++
		}
		if k > j && k+1 < len(line) && (line[k] == '.' || line[k] == ')') && (line[k+1] == ' ' || line[k+1] == '\t') {
			depth++
			i = k + 2
			continue
		}
		return depth
	}
}

// isLinkDef reports whether line starts a link reference definition:
// up to three spaces, then [label]:.
func isLinkDef(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) == 0 || t[0] != '[' {
		return false
	}
	end := bytes.Index(t, []byte("]:"))
	return end > 0
}

// delimiterCells returns the number of cells of a GFM table delimiter row
// (|---|:--:|), or 0 for any other line.
func delimiterCells(line []byte) int {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || bytes.IndexByte(t, '-') < 0 {
		return 0
	}
	for _, c := range t {
		switch c {
		case '|', '-', ':', ' ', '\t':
		default:
			return 0
		}
	}
	t = bytes.TrimSuffix(bytes.TrimPrefix(t, []byte("|")), []byte("|"))
	return bytes.Count(t, []byte("|")) + 1
}
