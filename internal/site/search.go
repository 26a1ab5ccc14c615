package site

// writeSearch writes the client-side search index (see package search).
func (s *Site) writeSearch(w Writer) error {
	return nil
}
