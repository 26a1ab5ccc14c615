// Package theme holds the site's templates, stylesheet and scripts, embedded
// in the binary. A folder on disk with the same layout can stand in for it
// (gen's -theme flag), so theme work needs no rebuild.
//
// Layout:
//
//	templates/base.html      the page frame; defines "main" per page kind
//	templates/<kind>.html    home, error, list, category, notfound, redirect
//	static/                  copied to /assets/ in the output; the generator
//	                         adds assets/engine/fold.js (search.FoldJS)
package theme

import "embed"

// FS is the embedded theme.
//
//go:embed templates static
var FS embed.FS
