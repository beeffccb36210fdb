package lever_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

func TestReportFileUploadedOnceAndListedByName(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddUser("user-1", "Riley", "riley@example.com")
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
	ctx := context.Background()
	pdf := []byte("%PDF-1.4\n% report\n%%EOF\n")

	srv.FaultNext("POST", "/opportunities/opp-1/files", 1, levertest.Fault{Status: http.StatusBadGateway})
	if _, err := c.UploadFile(ctx, "opp-1", "Qualified report - Go - r1.pdf", pdf, "user-1"); err == nil {
		t.Fatal("a 502 came back as success")
	}
	if n := srv.Stats().ByRoute["POST /opportunities/:id/files"]; n != 1 {
		t.Fatalf("%d uploads reached Lever after a 502, want 1 (never repeated by the client)", n)
	}
	files, err := c.Files(ctx, "opp-1")
	if err != nil || len(files) != 1 || files[0].Name != "Qualified report - Go - r1.pdf" || files[0].DownloadURL == "" {
		t.Fatalf("files %+v, %v", files, err)
	}
	stored := srv.Files("opp-1")
	if string(stored[0].Content) != string(pdf) || stored[0].PerformAs != "user-1" {
		t.Errorf("stored %+v", stored[0])
	}

	f, err := c.UploadFile(ctx, "opp-1", "second.pdf", pdf, "")
	if err != nil || f.ID == "" || f.Name != "second.pdf" {
		t.Fatalf("upload %+v, %v", f, err)
	}
	if _, err := c.UploadFile(ctx, "opp-1", "big.pdf", make([]byte, lever.MaxFile+1), ""); err == nil {
		t.Error("a file over 30 MB was sent")
	}

	srv.SetFilesPermission(false)
	_, err = c.UploadFile(ctx, "opp-1", "third.pdf", pdf, "")
	if backend.KindOf(err) != backend.FailureForbidden {
		t.Errorf("without the Files permission: %v (%s), want forbidden", err, backend.KindOf(err))
	}
	if _, err := c.Files(ctx, "opp-1"); backend.KindOf(err) != backend.FailureForbidden {
		t.Errorf("listing without the Files permission: %v", err)
	}
}

func TestFeedbackTemplateAndFormThroughTheClient(t *testing.T) {
	srv, c := newSim(t, levertest.Options{})
	srv.AddUser("user-1", "Riley", "riley@example.com")
	srv.AddOpportunity(levertest.Opportunity{ID: "opp-1", StageID: "offer"})
	ctx := context.Background()

	if _, err := c.CreateFeedbackTemplate(ctx, lever.FeedbackTemplate{Text: "Empty"}); err == nil {
		t.Error("a template without fields was accepted")
	}
	made, err := c.CreateFeedbackTemplate(ctx, lever.FeedbackTemplate{Text: "Results", Fields: []lever.FeedbackField{
		{Type: "text", Text: "Score"}, {Type: "textarea", Text: "Reference"}}})
	if err != nil || made.ID == "" || len(made.Fields) != 2 || made.Fields[0].ID == "" {
		t.Fatalf("created %+v, %v", made, err)
	}
	all, err := c.FeedbackTemplates(ctx)
	if err != nil || len(all) != 1 || all[0].ID != made.ID || all[0].Text != "Results" {
		t.Fatalf("templates %+v, %v", all, err)
	}

	values := []lever.FieldValue{{ID: made.Fields[0].ID, Value: "82%"}, {ID: made.Fields[1].ID, Value: "(Qualified result r1, posted by assessbridge)"}}
	if _, err := c.AddFeedback(ctx, "opp-1", made.ID, values, ""); err == nil {
		t.Error("feedback without a user to write as was accepted")
	}
	srv.FaultNext("POST", "/opportunities/opp-1/feedback", 1, levertest.Fault{Status: http.StatusBadGateway})
	_, err = c.AddFeedback(ctx, "opp-1", made.ID, values, "user-1")
	var le *lever.Error
	if !errors.As(err, &le) || le.StatusCode != http.StatusBadGateway {
		t.Fatalf("after a 502: %v", err)
	}
	forms, err := c.Feedback(ctx, "opp-1")
	if err != nil || len(forms) != 1 || forms[0].BaseTemplateID != made.ID {
		t.Fatalf("forms %+v, %v", forms, err)
	}
	if !forms[0].Contains("(Qualified result r1, posted by assessbridge)") || forms[0].Contains("r2") {
		t.Errorf("form %+v: Contains does not find the marker alone", forms[0])
	}
	if n := srv.Stats().ByRoute["POST /opportunities/:id/feedback"]; n != 2 {
		t.Errorf("%d feedback POSTs, want 2 (the refused one and the 502)", n)
	}
	if _, err := c.AddFeedback(ctx, "opp-1", "no-such-template", values, "user-1"); backend.KindOf(err) != backend.FailurePermanent {
		t.Errorf("an unknown template: %v", err)
	}
}
