package content

import "strings"

// Skipped is a file in content/errors that is not content: an editor's or
// operating system's own file. It is left out, as Hugo does, and listed by
// gen check -v.
type Skipped struct {
	Path string
	Why  string
}

// SkipReason returns why a file in content/errors is not read, or "" for a
// file that is read (or reported). The dev server ignores changes to such
// files too. Editors and operating systems leave
// files beside the ones a writer saves: lock files, backups, swap files,
// folder metadata. None of them is an error file, and reporting them would
// fail a build for a file the writer never made.
func SkipReason(name string) string {
	switch {
	case name == ".md":
		return "" // a file without an id in its name: reported
	case strings.HasPrefix(name, ".#"):
		return "an editor's lock file (Emacs)"
	case strings.HasPrefix(name, "._"):
		return "a macOS resource file"
	case name == ".DS_Store":
		return "a macOS folder file"
	case strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".swx"), name == "4913":
		return "an editor's swap file (Vim)"
	case strings.HasPrefix(name, "."):
		return "a hidden file"
	case strings.HasSuffix(name, "~"):
		return "an editor's backup file"
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return "an editor's auto-save file (Emacs)"
	case name == "Thumbs.db", name == "desktop.ini":
		return "a Windows folder file"
	}
	return ""
}
