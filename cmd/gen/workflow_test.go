package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Steps []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, name string) (workflow, []string, []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s is not valid YAML: %v", name, err)
	}
	var runs, uses []string
	for _, job := range w.Jobs {
		for _, s := range job.Steps {
			if s.Run != "" {
				runs = append(runs, strings.TrimSpace(s.Run))
			}
			if s.Uses != "" {
				uses = append(uses, s.Uses)
			}
		}
	}
	return w, runs, uses
}

// readmeCommand returns the indented command under a README line.
func readmeCommand(t *testing.T, after string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), after)
	if !ok {
		t.Fatalf("README has no line %q", after)
	}
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "    ") {
			return strings.TrimSpace(line)
		}
	}
	t.Fatalf("README has no indented command after %q", after)
	return ""
}

var pinnedMajor = regexp.MustCompile(`^actions/[a-z-]+(/[a-z-]+)?@v[0-9]+$`)

// TestWorkflows parses the GitHub workflows and checks that they run what the
// README and .ci/run run: vet, the test command and the writers' check on pull
// requests; build and the three Pages actions on push to main.
func TestWorkflows(t *testing.T) {
	testCmd := readmeCommand(t, "Run every test")
	buildCmd := readmeCommand(t, "Build the site into `public/`")
	ciRun, err := os.ReadFile(filepath.Join("..", "..", ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(ciRun)), testCmd) {
		t.Errorf(".ci/run does not end with the README's test command %q", testCmd)
	}

	ci, runs, uses := readWorkflow(t, "ci.yml")
	if _, ok := ci.On["pull_request"]; !ok {
		t.Error("ci.yml does not run on pull requests")
	}
	for _, want := range []string{"go vet ./...", testCmd} {
		if !contains(runs, want) {
			t.Errorf("ci.yml does not run %q; it runs %q", want, runs)
		}
	}
	// The job runs a pull request's own code: no token may be left in
	// .git/config for it to read.
	for _, job := range ci.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "actions/checkout@") && st.With["persist-credentials"] != "false" {
				t.Errorf("ci.yml checks out with persist-credentials %q, want false", st.With["persist-credentials"])
			}
		}
	}
	// The writers' check, against the published anchor record (main's),
	// told which files the pull request changes.
	checkCmd := readmeCommand(t, "checks a pull request")
	found := false
	for _, r := range runs {
		found = found || strings.Contains(r, checkCmd) && strings.Contains(r, "git show FETCH_HEAD:anchors.lock") &&
			strings.Contains(r, `git diff --name-only FETCH_HEAD HEAD > "$RUNNER_TEMP/changed.txt"`)
	}
	if !found {
		t.Errorf("ci.yml does not run the README's check %q against main's anchors.lock; it runs %q", checkCmd, runs)
	}
	deploy, runs, deployUses := readWorkflow(t, "deploy.yml")
	if push, ok := deploy.On["push"].(map[string]any); !ok || fmt.Sprint(push["branches"]) != "[main]" {
		t.Errorf("deploy.yml runs on push %v, want on push to main only", deploy.On["push"])
	}
	if !contains(runs, buildCmd) {
		t.Errorf("deploy.yml does not run the README's build command %q; it runs %q", buildCmd, runs)
	}
	// The build restores gen build's persistent cache from the folder gen
	// uses by default (os.UserCacheDir on Linux: ~/.cache).
	cached := false
	for _, job := range deploy.Jobs {
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Uses, "actions/cache@") {
				cached = s.With["path"] == "~/.cache/exact-help-gen"
			}
		}
	}
	if !cached {
		t.Error("deploy.yml does not restore gen build's cache (actions/cache of ~/.cache/exact-help-gen)")
	}
	// The artifact is the folder the build writes, which holds the site
	// alone (TestOutputHoldsOnlyTheSite): upload-pages-artifact packs
	// dotfiles too, and gen's list of the folder's files is beside it.
	for _, job := range deploy.Jobs {
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact@") && s.With["path"] != "public" {
				t.Errorf("deploy.yml uploads %q, want public, the folder %q writes", s.With["path"], buildCmd)
			}
		}
	}
	for _, action := range []string{"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/setup-go", "actions/cache"} {
		found := false
		for _, u := range deployUses {
			found = found || strings.HasPrefix(u, action+"@")
		}
		if !found {
			t.Errorf("deploy.yml does not use %s", action)
		}
	}
	for _, u := range append(uses, deployUses...) {
		if !pinnedMajor.MatchString(u) {
			t.Errorf("action %q is not pinned to a major version (owner/name@vN)", u)
		}
	}
	for name, w := range map[string]workflow{"ci.yml": ci, "deploy.yml": deploy} {
		for _, job := range w.Jobs {
			for _, s := range job.Steps {
				if strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["go-version-file"] != "go.mod" {
					t.Errorf("%s: setup-go does not take the Go version from go.mod", name)
				}
				if strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["cache"] != "true" {
					t.Errorf("%s: setup-go does not cache modules (cache: true)", name)
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// registryHosts are the addresses of package registries and module proxies:
// which of them a machine reaches is its environment's to say ($GOPROXY,
// apt's and npm's configuration), so none is written in the repository.
// (They are written in parts, so that this list does not name them either.)
var registryHosts = func() []string {
	var hosts []string
	for _, parts := range [][]string{
		{"proxy", "golang", "org"}, {"sum", "golang", "org"}, {"goproxy", "io"}, {"goproxy", "cn"},
		{"registry", "npmjs", "org"}, {"registry", "yarnpkg", "com"},
		{"deb", "debian", "org"}, {"security", "debian", "org"}, {"archive", "ubuntu", "com"},
		{"pypi", "org"}, {"files", "pythonhosted", "org"},
	} {
		hosts = append(hosts, strings.Join(parts, "."))
	}
	return hosts
}()

// TestNoRegistryHostInTheRepository reads every tracked file.
func TestNoRegistryHostInTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue // deleted in the work tree
		}
		for _, host := range registryHosts {
			if bytes.Contains(data, []byte(host)) {
				t.Errorf("%s names the registry %s: take the address from the environment", name, host)
			}
		}
	}
}

// TestCIRunNeedsGoOrGOPROXY runs .ci/run on a machine without Go and without
// GOPROXY: it stops at once and says what is missing.
func TestCIRunNeedsGoOrGOPROXY(t *testing.T) {
	bin := t.TempDir()
	for _, tool := range []string{"bash", "dirname", "awk", "id", "env"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("no %s here", tool)
		}
		os.Symlink(p, filepath.Join(bin, tool))
	}
	for _, goproxy := range []string{"", "direct", "off", "direct,off"} {
		cmd := exec.Command(filepath.Join(bin, "bash"), filepath.Join("..", "..", ".ci", "run"))
		cmd.Env = []string{"PATH=" + bin, "HOME=" + t.TempDir(), "GOPROXY=" + goproxy}
		b, err := cmd.CombinedOutput()
		want := ".ci/run: Go is not installed and GOPROXY names no module proxy to fetch it from"
		if err == nil || !strings.Contains(string(b), want) {
			t.Errorf("GOPROXY=%q: %v\n%s\nwant a failure with %q", goproxy, err, b, want)
		}
	}
}
