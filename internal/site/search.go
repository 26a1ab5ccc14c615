package site

import (
	"slices"

	"github.com/bookzo/exact-help/internal/search"
)

// writeSearch writes the client-side search index (see package search) into
// search/: search/meta.json and the files it names by the index's stamp.
func (s *Site) writeSearch(run *writeRun) error {
	docs := make([]search.Doc, len(s.errors))
	for i, e := range s.errors {
		docs[i] = search.Doc{
			ID:       e.ID,
			Title:    e.Title,
			Messages: e.Messages,
			Category: e.Category,
			Severity: e.Severity,
			Status:   e.Status,
			Tags:     e.Tags,
			Aliases:  e.Aliases,
			Text:     e.Text,
			Fix:      e.Fix,
			Summary:  e.SolutionSummary,
			Steps:    e.SolutionSteps,
			Solved:   e.Solved,
		}
	}
	cats := make([]string, len(s.categories))
	for i, c := range s.categories {
		cats[i] = c.Name
	}
	files, err := search.Build(docs, cats)
	if err != nil {
		return err
	}
	for _, name := range sortedKeys(files) {
		if err := run.w.WriteFile("search/"+name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
