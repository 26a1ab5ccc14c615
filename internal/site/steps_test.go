package site_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/bookzo/exact-help/internal/content"
	"github.com/bookzo/exact-help/internal/search"
	"github.com/bookzo/exact-help/internal/site"
	"github.com/bookzo/exact-help/theme"
)

// TestSearchDocsCarrySteps: each error's doc in the search index carries
// what the triage view numbers as its fix (the items of the solution's
// first numbered list; else the solution's sentences without the warning
// it opens with), and whether it has a solution at all.
func TestSearchDocsCarrySteps(t *testing.T) {
	tests := []struct {
		body   string
		steps  []string
		solved bool
	}{
		// The real betaling-matchen-mislukt: a warning, a lead-in, the steps.
		{"**Oorzaak.** De betaling is niet gematcht.\n\n**Oplossing.** Deze fout komt bij een nieuwe synchronisatie niet meer terug, maar het is wel belangrijk om hem op te lossen. Letter de betaling handmatig af in Exact:\n\n1. Ga in Exact naar **Verkoop > Openstaande posten > Overzicht**.\n2. Letter de betaling daar af.\n",
			[]string{"Ga in Exact naar Verkoop > Openstaande posten > Overzicht.", "Letter de betaling daar af."}, true},
		{"**Oorzaak.** X.\n\n**Oplossing.** Let op: dit duurt even. Het kan ook later. Controleer de instellingen. Synchroniseer opnieuw.\n",
			[]string{"Controleer de instellingen.", "Synchroniseer opnieuw."}, true},
		{"**Oplossing.** Probeer later opnieuw te synchroniseren.\n", []string{"Probeer later opnieuw te synchroniseren."}, true},
		// Statements only: they are the fix.
		{"**Oplossing.** De melding verdwijnt vanzelf.\n", []string{"De melding verdwijnt vanzelf."}, true},
		{"**Oplossing.**\n\n1. Een\n2. Twee\n3. Drie\n4. Vier\n5. Vijf\n", []string{"Een", "Twee", "Drie", "Vier"}, true},
		{"**Oorzaak.** Alleen de oorzaak.\n", nil, false},
		{"", nil, false},
	}
	fsys := fstest.MapFS{"site.toml": {Data: []byte(partsSiteTOML)}}
	for i, tt := range tests {
		id := fmt.Sprintf("fout-%d", i)
		fsys["content/errors/"+id+".md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`+++
id = %q
title = "Fout %d"
messages = ["Melding nummer %d"]
category = "verbinding"
severity = "error"
+++
%s`, id, i, i, tt.body))}
	}
	cs, ds := content.Load(fsys)
	if len(ds.Errors()) > 0 {
		t.Fatal(ds)
	}
	s, _ := site.New(cs, theme.FS, site.Options{})
	out := site.MemWriter{}
	if _, err := s.Write(out); err != nil {
		t.Fatal(err)
	}
	layout, err := search.ReadLayout(out["search/meta.json"])
	if err != nil {
		t.Fatal(err)
	}
	type doc struct {
		Steps  []string `json:"steps"`
		Solved bool     `json:"solved"`
	}
	docs := map[string]doc{}
	for _, p := range layout.DocShards {
		var shard struct {
			Docs []struct {
				ID string `json:"id"`
				doc
			} `json:"docs"`
		}
		if err := json.Unmarshal(out["search/"+p], &shard); err != nil {
			t.Fatal(err)
		}
		for _, d := range shard.Docs {
			docs[d.ID] = d.doc
		}
	}
	for i, tt := range tests {
		d, ok := docs[fmt.Sprintf("fout-%d", i)]
		if !ok {
			t.Fatalf("fout-%d is not in the index", i)
		}
		if !reflect.DeepEqual(d.Steps, tt.steps) || d.Solved != tt.solved {
			t.Errorf("body %q: steps %q, solved %v; want %q, %v", tt.body, d.Steps, d.Solved, tt.steps, tt.solved)
		}
	}
}
