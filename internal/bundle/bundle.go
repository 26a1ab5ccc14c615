// Package bundle makes one minified ES module of a theme's module and every
// module it imports, as the site serves the search engine: a browser's
// first search downloads one file instead of fourteen, without the source
// modules' comments and long names.
//
// Modules are read from an fs.FS (the theme, embedded or a folder on disk)
// and from a map of generated files, which win over the FS. Only relative
// imports ("./x.js", "../x.js") are followed: the theme has no packages and
// loads nothing from another host. The output is the same bytes for the same
// inputs (esbuild is deterministic), UTF-8, with the entry's exports kept.
package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// namespace marks the paths bundle resolves, which are paths of fsys.
const namespace = "theme"

// Module returns entry (a path of fsys, "static/search.js") with every
// module it imports statically, minified into one ES module. generated
// holds files by their path in fsys that the generator makes itself
// ("static/engine/fold.js"). An error names the module and line.
func Module(fsys fs.FS, entry string, generated map[string][]byte) ([]byte, error) {
	read := func(p string) ([]byte, error) {
		if b, ok := generated[p]; ok {
			return b, nil
		}
		return fs.ReadFile(fsys, p)
	}
	plugin := api.Plugin{Name: "fs", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if a.Kind == api.ResolveEntryPoint {
				return api.OnResolveResult{Path: a.Path, Namespace: namespace}, nil
			}
			if !strings.HasPrefix(a.Path, "./") && !strings.HasPrefix(a.Path, "../") {
				return api.OnResolveResult{}, fmt.Errorf("import %q: only relative imports are bundled", a.Path)
			}
			p := path.Join(path.Dir(a.Importer), a.Path)
			if !fs.ValidPath(p) {
				return api.OnResolveResult{}, fmt.Errorf("import %q: outside the theme", a.Path)
			}
			return api.OnResolveResult{Path: p, Namespace: namespace}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: namespace}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			data, err := read(a.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(data)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
		})
	}}
	r := api.Build(api.BuildOptions{
		EntryPoints:       []string{entry},
		Bundle:            true,
		Format:            api.FormatESModule,
		Target:            api.ESNext,
		Platform:          api.PlatformNeutral,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Plugins:           []api.Plugin{plugin},
		LogLevel:          api.LogLevelSilent,
		Write:             false,
	})
	if len(r.Errors) > 0 {
		var errs []error
		for _, m := range r.Errors {
			if m.Location != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %s", m.Location.File, m.Location.Line, m.Text))
			} else {
				errs = append(errs, errors.New(m.Text))
			}
		}
		return nil, errors.Join(errs...)
	}
	if len(r.OutputFiles) != 1 {
		return nil, fmt.Errorf("bundling %s made %d files, want 1", entry, len(r.OutputFiles))
	}
	return r.OutputFiles[0].Contents, nil
}
