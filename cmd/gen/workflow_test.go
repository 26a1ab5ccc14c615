package main

import (
	"fmt"
	"os"
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

var pinnedMajor = regexp.MustCompile(`^actions/[a-z-]+@v[0-9]+$`)

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
	// The writers' check, against the published anchor record (main's).
	checkCmd := readmeCommand(t, "checks a pull request")
	found := false
	for _, r := range runs {
		found = found || strings.Contains(r, checkCmd) && strings.Contains(r, "git show FETCH_HEAD:anchors.lock")
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
	for _, action := range []string{"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/setup-go"} {
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
