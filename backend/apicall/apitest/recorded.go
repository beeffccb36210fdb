package apitest

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// Recorded answers status with the body of testdata/recorded/name, an
// answer recorded from the real API, as JSON.
func Recorded(t testing.TB, name string, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join("testdata", "recorded", name))
		if err != nil {
			t.Error(err)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write(b)
	}
}

// RecordedByID answers 200 with the recorded answer that names gives for
// the request's {id}, and 404 for any other id.
func RecordedByID(t testing.TB, names map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, ok := names[r.PathValue("id")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		Recorded(t, name, http.StatusOK)(w, r)
	}
}
