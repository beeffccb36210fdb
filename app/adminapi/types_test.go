package adminapi

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The UI's types are generated from this package's answers and requests:
// a change here that was not followed by `make types` fails this test,
// which generates them again, beside, and compares.
func TestTheUITypesAreGeneratedFromTheseTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator (go tool tygo)")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(root, "build", "apitypes", "tygo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const kept = "frontend/src/api/types.gen.ts"
	fresh := filepath.Join(t.TempDir(), "types.gen.ts")
	if !bytes.Contains(config, []byte(`output_path: "`+kept+`"`)) {
		t.Fatalf("build/apitypes/tygo.yaml no longer writes %s", kept)
	}
	tmpConfig := filepath.Join(t.TempDir(), "tygo.yaml")
	if err := os.WriteFile(tmpConfig, bytes.ReplaceAll(config, []byte(kept), []byte(fresh)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "tool", "-modfile="+filepath.Join(root, "build", "apitypes", "go.mod"), "tygo", "--config", tmpConfig, "generate")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, kept))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run `make types` (go tool -modfile=build/apitypes/go.mod tygo --config build/apitypes/tygo.yaml generate) and commit it", kept)
	}
}
