package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// seed50k fills a database with 50,000 invitations over 25,000 candidates,
// four assessments and ten postings, in every status.
func seed50k(b *testing.B) *sqlite.DB {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	statuses := []backend.Status{backend.StatusInvited, backend.StatusStarted, backend.StatusSubmitted, backend.StatusSubmitted, backend.StatusClosed, backend.StatusFailed}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	invs := make([]backend.Invitation, 0, 50_000)
	for c := range 25_000 {
		opp := fmt.Sprintf("opp-%05d", c)
		now := start.Add(time.Duration(c) * time.Minute)
		cand := backend.Candidate{OpportunityID: opp, Name: fmt.Sprintf("Candidate %05d Surname%03d", c, c%997),
			Email: fmt.Sprintf("candidate%05d@example.com", c), PostingID: fmt.Sprintf("post-%d", c%10), PostingTitle: fmt.Sprintf("Posting %d", c%10)}
		for k := range 2 {
			a := (c + k) % 4
			invs = append(invs, backend.Invitation{OpportunityID: opp, AssessmentID: fmt.Sprintf("a%d", a), AssessmentTitle: fmt.Sprintf("Assessment %d", a),
				MatchedTag: "x", TagPlace: backend.TagOnPosting, StageID: "s", Status: statuses[(c+k)%len(statuses)],
				CreatedAt: now, UpdatedAt: now, Candidate: cand})
		}
	}
	if err := db.ImportInvitations(ctx, invs); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkDashboard50k measures the dashboard's queries on 50,000 invitations.
func BenchmarkDashboard50k(b *testing.B) {
	db := seed50k(b)
	ctx := context.Background()
	cases := []struct {
		name string
		f    sqlite.InvitationFilter
	}{
		{"first-page", sqlite.InvitationFilter{Limit: 50}},
		{"status+assessment", sqlite.InvitationFilter{Statuses: []backend.Status{backend.StatusSubmitted}, AssessmentID: "a2", Limit: 50}},
		{"text-search", sqlite.InvitationFilter{Search: "Surname042", Limit: 50}},
		{"posting+sort-by-score", sqlite.InvitationFilter{PostingID: "post-3", Sort: "score", Limit: 50}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				page, err := db.ListInvitations(ctx, c.f)
				if err != nil || page.Total == 0 {
					b.Fatalf("%v (total %d)", err, page.Total)
				}
			}
		})
	}
	b.Run("funnel", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.Funnel(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
