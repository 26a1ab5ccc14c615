package e2e

import (
	"testing"
)

// TestAliasPageRedirectsToError opens /errors/<alias>/, the static page left
// at an error's earlier address, and ends up on the error's page, with and
// without JavaScript (the page redirects by meta refresh).
func TestAliasPageRedirectsToError(t *testing.T) {
	t.Parallel()
	const alias, id = "btw-code-onbekend", "ongeldige-referentie-btw-code"
	for _, script := range []bool{true, false} {
		t.Run(jsName(script), func(t *testing.T) {
			t.Parallel()
			srv := basicSite(t)
			ctx := newTab(t)
			if !script {
				disableJavaScript(t, ctx)
			}
			navigate(t, ctx, srv.URL+"/errors/"+alias+"/")
			want := "/errors/" + id + "/"
			waitFor(t, ctx, "the redirect to "+want,
				`location.pathname === `+js(want)+` && document.readyState === "complete" && !!document.querySelector("article.error-page#" + `+js(id)+`)`,
				`({href: location.href, readyState: document.readyState, title: document.title})`)
			if got, want := eval[string](t, ctx, `document.querySelector('link[rel="canonical"]').href`), srv.URL+want; got != want {
				t.Errorf("canonical URL after the redirect = %q, want %q", got, want)
			}
		})
	}
}
