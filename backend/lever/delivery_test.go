package lever_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
)

func TestSignKnownValue(t *testing.T) {
	// HMAC-SHA256(key "secret", message "abc1431454330072"), computed
	// independently of this package.
	const want = "6eee8aa0602bba3119acdd6e427056b60e0507d4b70bbe174f1b59692d2464af"
	if got := lever.Sign("secret", "abc", 1431454330072); got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}

func TestParseDelivery(t *testing.T) {
	const key = "signature-token"
	body := func(triggeredAt, data string, sig string) string {
		return fmt.Sprintf(`{"triggeredAt":%s,"event":"candidateStageChange","data":%s,"signature":%q,"token":"tok-123"}`, triggeredAt, data, sig)
	}
	good := lever.Sign(key, "tok-123", 1431454330072)
	stageData := `{"opportunityId":"opp-1","candidateId":"opp-1","contactId":"c-1","fromStageId":"a","toStageId":"b"}`
	tests := []struct {
		name       string
		body       string
		wantErr    string
		wantVerify bool
		wantOpp    string
		wantAt     int64
	}{
		{"good", body("1431454330072", stageData, good), "", true, "opp-1", 1431454330072},
		{"forged signature", body("1431454330072", stageData, lever.Sign("other", "tok-123", 1431454330072)), "", false, "opp-1", 1431454330072},
		{"changed triggeredAt", body("1431454330073", stageData, good), "", false, "opp-1", 1431454330073},
		{"bad hex", body("1431454330072", stageData, "zz"+good[2:]), "", false, "opp-1", 1431454330072},
		{"candidateId fallback", body("1431454330072", `{"candidateId":"opp-2"}`, good), "", true, "opp-2", 1431454330072},
		{"test ping", `{"triggeredAt":1431454330072,"event":"candidateHired","data":{},"signature":"` + good + `","token":"tok-123"}`, "", true, "", 1431454330072},
		{"large int64 exact", body("9007199254740993", stageData, lever.Sign(key, "tok-123", 9007199254740993)), "", true, "opp-1", 9007199254740993},
		{"float exponent", body("1.5e12", stageData, good), "not a positive integer", false, "", 0},
		{"float fraction", body("1431454330072.0", stageData, good), "not a positive integer", false, "", 0},
		{"string triggeredAt", body(`"1431454330072"`, stageData, good), "not a positive integer", false, "", 0},
		{"overflow", body("99999999999999999999", stageData, good), "not a positive integer", false, "", 0},
		{"missing triggeredAt", `{"event":"x","data":{},"signature":"ab","token":"t"}`, "triggeredAt is missing", false, "", 0},
		{"missing event", `{"triggeredAt":1,"data":{},"signature":"ab","token":"t"}`, "event is missing", false, "", 0},
		{"missing token", `{"triggeredAt":1,"event":"x","signature":"ab"}`, "token is missing", false, "", 0},
		{"missing signature", `{"triggeredAt":1,"event":"x","token":"t"}`, "signature is missing", false, "", 0},
		{"malformed", `{"triggeredAt":1,`, "malformed JSON", false, "", 0},
		{"trailing garbage", body("1431454330072", stageData, good) + `x`, "malformed JSON", false, "", 0},
		{"second object", body("1431454330072", stageData, good) + `{}`, "malformed JSON", false, "", 0},
		{"not an object", `[1,2]`, "malformed JSON", false, "", 0},
		{"data not an object", body("1431454330072", `"opp-1"`, good), "malformed JSON", false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := lever.ParseDelivery([]byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.TriggeredAt != tt.wantAt || d.Data.OpportunityID != tt.wantOpp {
				t.Errorf("parsed %+v", d)
			}
			if got := d.Verify(key); got != tt.wantVerify {
				t.Errorf("Verify = %v, want %v", got, tt.wantVerify)
			}
			if d.Verify("") {
				t.Error("an empty signature token verified")
			}
		})
	}
}
