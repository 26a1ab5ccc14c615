package content

// TOML's errors as diagnostics: at the file's line, with types named in a
// writer's words.

import (
	"errors"
	"fmt"
	"github.com/BurntSushi/toml"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tomlDiagnostic turns a TOML parse error into a diagnostic at the file's
// line. A multi-line string left open above the error is the cause: that is
// reported instead of the parser's "unexpected EOF".
func tomlDiagnostic(f *file, err error) Diagnostic {
	d := parserDiagnostic(f, err)
	if open := f.openStringDiagnostic(); open != nil && open.Line <= d.Line {
		return *open
	}
	return d
}

func parserDiagnostic(f *file, err error) Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.ReplaceAll(pe.Usage, "\n", " ")) + ")"
		}
		// The parser's column is off when the error is at the start of a line;
		// count it from the error's byte offset instead.
		col := pe.Position.Col
		if st := pe.Position.Start; st >= 0 && st <= len(f.fm) {
			col = utf8.RuneCountInString(f.fm[strings.LastIndexByte(f.fm[:st], '\n')+1:st]) + 1
		}
		if line, c, advice, ok := advise(f.fm, f.fmLine, pe.Position.Line, col, pe.Message); ok {
			return Diagnostic{Path: f.path, Line: f.fmLine + line - 1, Col: c, Msg: advice}
		}
		if strings.HasPrefix(msg, "expected value but found") {
			msg += `: text must be in quotes, such as key = "text"`
		}
		return Diagnostic{Path: f.path, Line: f.fmLine + pe.Position.Line - 1, Col: col, Msg: "TOML: " + shortenQuoted(msg)}
	}
	// A value of the wrong type for a Go field: "toml: line N (last key "k"): ...".
	if m := decodeErr.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg := m[3]
		if t := badType.FindStringSubmatch(msg); t != nil {
			msg = fmt.Sprintf("it is %s; it must be %s", goTypeName(t[1]), goTypeName(t[2]))
		}
		return Diagnostic{Path: f.path, Line: f.fmLine + n - 1, Msg: shortenQuoted(fmt.Sprintf("%s: %s", m[2], msg))}
	}
	return Diagnostic{Path: f.path, Line: f.fmLine, Msg: "TOML: " + shortenQuoted(err.Error())}
}

var (
	decodeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)
	badType   = regexp.MustCompile(`^incompatible types: TOML value has type (\S+); destination has type (.+)$`)
)

// goTypeName names a Go type as a writer knows the TOML value.
func goTypeName(t string) string {
	switch {
	case t == "string":
		return "text in quotes"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"), t == "slice", t == "array":
		return "a list"
	case strings.HasPrefix(t, "map["), t == "struct", t == "map":
		return "a table"
	case strings.HasPrefix(t, "time."), strings.HasPrefix(t, "toml.Local"):
		return "a date or time"
	}
	return t
}

// tomlTypeName names a TOML type (MetaData.Type) as a writer knows it.
func tomlTypeName(t string) string {
	switch t {
	case "Integer", "Float":
		return "a number"
	case "String":
		return "text"
	case "Bool":
		return "true or false"
	case "Array":
		return "a list"
	case "Hash", "ArrayHash":
		return "a table"
	case "Datetime", "DatetimeLocal", "DateLocal", "TimeLocal":
		return "a date or time"
	}
	return t
}
