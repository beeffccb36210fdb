package qualified_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

func TestShareReportPDFAndSimilarityRisk(t *testing.T) {
	sim, c := setup(t, newClock().Now)
	id := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", PassingScore: 70, Challenges: []string{"Parser", "Cache", "Queue"}})
	ctx := context.Background()
	inv := invite(t, c, id, "ada@example.com")
	if _, err := sim.Submit(inv.ResultID, 80); err != nil {
		t.Fatal(err)
	}
	r, err := c.Result(ctx, inv.ResultID)
	if err != nil || r.SimilarityRisk != "" {
		t.Fatalf("risk without the check = %q (%v), want none", r.SimilarityRisk, err)
	}
	if err := sim.SetSimilarityRisk(inv.ResultID, "low", "", "medium"); err != nil {
		t.Fatal(err)
	}
	if r, err = c.Result(ctx, inv.ResultID); err != nil || r.SimilarityRisk != "medium" {
		t.Fatalf("risk = %q (%v), want medium", r.SimilarityRisk, err)
	}

	share, err := c.Share(ctx, inv.ResultID)
	if err != nil || share.URL != r.ReportURL || share.PDF != share.URL+".pdf" {
		t.Fatalf("share = %+v (%v)", share, err)
	}
	pdf, err := c.ReportPDF(ctx, share.PDF)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("pdf = %q (%v)", pdf, err)
	}
	sim.SetPDFReports(false)
	if share, err = c.Share(ctx, inv.ResultID); err != nil || share.PDF != "" || share.URL == "" {
		t.Fatalf("share without PDFs = %+v (%v)", share, err)
	}
	if _, err := c.Share(ctx, "645c03001d41c84e0000ffff"); backend.KindOf(err) != backend.FailureNotFound {
		t.Errorf("share of an unknown result: %v", err)
	}
	if _, err := c.ReportPDF(ctx, "file:///etc/passwd"); err == nil {
		t.Error("a PDF address that is not a web address was fetched")
	}
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	if _, err := c.ReportPDF(ctx, missing.URL+"/x.pdf"); backend.KindOf(err) != backend.FailureNotFound {
		t.Errorf("a PDF that is gone: %v", err)
	}
}

// The recorded share answer carries "pdf" bare, with no envelope.
func TestRecordedShareAndNullRisk(t *testing.T) {
	mux := http.NewServeMux()
	for path, file := range map[string]string{
		"/api/v1/assessment_results/r1/share": "assessment_result_share.json",
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "recorded", file))
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(b)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := qualified.New(srv.URL+"/api", "k")
	share, err := c.Share(context.Background(), "r1")
	if err != nil || share.URL != "https://www.qualified.io/share/abc123" || share.PDF != "https://www.qualified.io/share/abc123.pdf" {
		t.Fatalf("share = %+v (%v)", share, err)
	}
}
