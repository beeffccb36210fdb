package main

import (
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/assessbridge/assessbridge"

// allowedImports is the table in docs/architecture.md: which of our packages
// each package's own code may import. A package not listed may import none of
// ours; "*" lets anything in. Tests may also wire the real parts they need
// (a client against its simulator, the test clock), but only app's and the
// command's own tests may import app.
var allowedImports = map[string][]string{
	".":                               {"app"},
	"app":                             {"*"},
	"app/adminapi":                    {"backend", "backend/lever", "backend/sqlite", "backend/tunnel", "backend/workflow"},
	"app/demo":                        {"backend", "backend/lever/levertest", "backend/qualified/qualifiedtest"},
	"backend/workflow":                {"backend", "backend/sqlite", "backend/lever"},
	"backend/webhook":                 {"backend", "backend/lever", "backend/qualified", "backend/sqlite", "backend/secrets"},
	"backend/lever":                   {"backend", "backend/apicall"},
	"backend/qualified":               {"backend", "backend/apicall"},
	"backend/lever/levertest":         {"backend/lever", "backend/apicall/apitest"},
	"backend/qualified/qualifiedtest": {"backend/apicall/apitest"},
	"backend/apicall":                 {},
	"backend/apicall/apitest":         {},
	"backend/sqlite":                  {"backend"},
	"backend/sqlite/sqlitetest":       {"backend", "backend/sqlite"},
	"backend/tunnel":                  {},
	"backend/secrets":                 {},
	"backend":                         {},
	"backend/clocktest":               {},
	"frontend":                        {},
}

// The rooms keep their doors: no package imports one it may not (the table
// above and in docs/architecture.md), and in particular nothing imports app,
// the domain imports none of ours, and the workflow never sees the Qualified
// client, only backend.Provider.
func TestPackagesImportOnlyWhatTheirRoomAllows(t *testing.T) {
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}} {{join .XTestImports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		pkg := ours(parts[0])
		allowed, listed := allowedImports[pkg]
		if !listed {
			t.Errorf("%s is not in the table of rooms: add it here and to docs/architecture.md", pkg)
			continue
		}
		for _, imp := range ourImports(parts[1]) {
			if imp != pkg && !slices.Contains(allowed, "*") && !slices.Contains(allowed, imp) {
				t.Errorf("%s imports %s, which its room does not allow", pkg, imp)
			}
		}
		for _, imp := range ourImports(parts[2]) {
			if imp == "app" && pkg != "." && pkg != "app" {
				t.Errorf("a test of %s imports app", pkg)
			}
		}
	}
}

// ourImports lists the packages of this module among imports.
func ourImports(imports string) []string {
	var list []string
	for _, imp := range strings.Fields(imports) {
		if strings.HasPrefix(imp, module) {
			list = append(list, ours(imp))
		}
	}
	return list
}

// ours names a package of this module by its folder ("." for the root).
func ours(importPath string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(importPath, module), "/")
	if p == "" {
		return "."
	}
	return path.Clean(p)
}
