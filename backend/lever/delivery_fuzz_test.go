package lever_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/lever"
)

const fuzzKey = "fuzz-signature-token-3b8e"

// signedBody is a delivery as Lever sends it, signed with key.
func signedBody(key, token string, at int64, data string) []byte {
	return fmt.Appendf(nil, `{"triggeredAt":%d,"event":"candidateStageChange","data":%s,"signature":%q,"token":%q}`,
		at, data, lever.Sign(key, token, at), token)
}

// referenceSign is Lever's signature computed without the package, so a
// bug shared by Sign and Verify cannot hide.
func referenceSign(key, token string, at int64) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(token + strconv.FormatInt(at, 10)))
	return hex.EncodeToString(m.Sum(nil))
}

// deliverySeed is one input of FuzzParseDelivery.
type deliverySeed struct {
	name string
	body []byte
	key  string
}

// deliverySeeds are FuzzParseDelivery's seeds; testdata/fuzz holds the same
// inputs as files.
func deliverySeeds() []deliverySeed {
	const at = 1741000000000
	stage := `{"opportunityId":"opp-1","candidateId":"opp-1","contactId":"ct-1","fromStageId":"a","toStageId":"b"}`
	valid := signedBody(fuzzKey, "tok-48-random-chars-0123456789abcdef0123456789ab", at, stage)
	ats := strconv.Itoa(at)
	withAt := func(v string) []byte { return []byte(strings.Replace(string(valid), ats, v, 1)) }
	validSig := lever.Sign(fuzzKey, "tok-48-random-chars-0123456789abcdef0123456789ab", at)
	sig := func(token string) string { return lever.Sign(fuzzKey, token, at) }
	return []deliverySeed{
		{"valid-signed", valid, fuzzKey},
		{"valid-signed-no-key", valid, ""},
		{"valid-signed-other-key", valid, "another-key"},
		{"signed-empty-data", signedBody(fuzzKey, "tok", at, `{}`), fuzzKey},
		// Lever's "test" button.
		{"test-ping", fmt.Appendf(nil, `{"triggeredAt":%d,"event":"candidateHired","data":{},"signature":%q,"token":"t"}`, at, sig("t")), fuzzKey},
		// triggeredAt as a float, in exponent form, as a string, huge, negative, zero.
		{"float-triggeredAt", withAt(ats + ".0"), fuzzKey},
		{"exponent-triggeredAt", withAt("1.741e12"), fuzzKey},
		{"string-triggeredAt", withAt(`"` + ats + `"`), fuzzKey},
		{"max-int64-triggeredAt", withAt("9223372036854775807"), fuzzKey},
		{"past-int64-triggeredAt", withAt("9223372036854775808"), fuzzKey},
		{"400-digit-triggeredAt", withAt("1" + strings.Repeat("0", 400)), fuzzKey},
		{"negative-triggeredAt", withAt("-1"), fuzzKey},
		{"zero-triggeredAt", withAt("0"), fuzzKey},
		{"minus-zero-triggeredAt", withAt("-0"), fuzzKey},
		// Trailing garbage, a second object, a BOM.
		{"trailing-garbage", append(append([]byte{}, valid...), " garbage"...), fuzzKey},
		{"two-objects", append(append([]byte{}, valid...), valid...), fuzzKey},
		{"utf8-bom", append([]byte("\xef\xbb\xbf"), valid...), fuzzKey},
		// Duplicate keys, and keys in another case: the last one wins.
		{"duplicate-keys", fmt.Appendf(nil, `{"triggeredAt":1,"triggeredAt":%d,"event":"x","token":"t","token":"u","signature":%q}`, at, sig("u")), fuzzKey},
		{"keys-in-another-case", fmt.Appendf(nil, `{"TriggeredAt":%d,"EVENT":"x","Token":"t","SIGNATURE":%q}`, at, sig("t")), fuzzKey},
		// Deeply nested data, and nesting past the decoder's limit.
		{"deep-nesting-in-data", []byte(`{"triggeredAt":1,"event":"x","token":"t","signature":"00","data":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`), fuzzKey},
		{"deep-nesting-over-limit", []byte(strings.Repeat("[", 20000)), fuzzKey},
		{"deep-object-nesting", []byte(strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000)), fuzzKey},
		// Unicode and invalid UTF-8 in the signed fields.
		{"unicode", signedBody(fuzzKey, "jeton-é-😀-\u202e", at, `{"opportunityId":"opp-ü"}`), fuzzKey},
		{"invalid-utf8-token", fmt.Appendf(nil, "{\"triggeredAt\":%d,\"event\":\"x\",\"token\":\"\xff\xfe\",\"signature\":%q}", at, sig("\ufffd\ufffd")), fuzzKey},
		{"nul-token", fmt.Appendf(nil, `{"triggeredAt":%d,"event":"x","token":"\u0000","signature":%q}`, at, sig("\x00")), fuzzKey},
		// Signature in upper case, truncated, padded, not a string.
		{"uppercase-signature", []byte(strings.Replace(string(valid), validSig, strings.ToUpper(validSig), 1)), fuzzKey},
		{"truncated-signature", fmt.Appendf(nil, `{"triggeredAt":%d,"event":"x","token":"t","signature":%q}`, at, sig("t")[:62]), fuzzKey},
		{"extended-signature", fmt.Appendf(nil, `{"triggeredAt":%d,"event":"x","token":"t","signature":%q}`, at, sig("t")+"00"), fuzzKey},
		{"signature-as-number", []byte(`{"triggeredAt":1,"event":"x","token":"t","signature":12}`), fuzzKey},
		{"null", []byte(`null`), fuzzKey},
		{"empty-object", []byte(`{}`), fuzzKey},
		{"empty", []byte(``), fuzzKey},
		{"array", []byte(`[]`), fuzzKey},
		{"string", []byte(`"x"`), fuzzKey},
	}
}

func FuzzParseDelivery(f *testing.F) {
	for _, s := range deliverySeeds() {
		f.Add(s.body, s.key)
	}
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		d, err := lever.ParseDelivery(body)
		if err != nil {
			if d != nil {
				t.Fatalf("ParseDelivery returned a delivery with error %v", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted a body that is not one JSON value: %q", body)
		}
		if d.TriggeredAt <= 0 || d.Event == "" || d.Token == "" || d.Signature == "" {
			t.Fatalf("accepted an incomplete delivery: %+v", d)
		}
		if d.Verify("") {
			t.Fatal("a delivery verified with no signature token")
		}
		want := referenceSign(key, d.Token, d.TriggeredAt)
		if d.Verify(key) {
			// What verifies must have been signed with the key.
			if key == "" || !strings.EqualFold(d.Signature, want) {
				t.Fatalf("verified with key %q, but the signature %q is not %q", key, d.Signature, want)
			}
		} else if key != "" && d.Signature == want {
			t.Fatalf("a delivery signed with key %q did not verify", key)
		}
		if key == "" {
			return
		}
		// Re-signed, it verifies; moved by a millisecond, or with another
		// token, the same signature does not.
		resigned := *d
		resigned.Signature = lever.Sign(key, d.Token, d.TriggeredAt)
		if resigned.Signature != want || !resigned.Verify(key) {
			t.Fatalf("Sign(%q, %q, %d) = %q does not verify (reference %q)", key, d.Token, d.TriggeredAt, resigned.Signature, want)
		}
		moved := resigned
		if moved.TriggeredAt < 1<<62 {
			moved.TriggeredAt++
		} else {
			moved.TriggeredAt--
		}
		if moved.Verify(key) {
			t.Fatalf("a signature stayed valid for another triggeredAt: %+v", moved)
		}
		other := resigned
		other.Token += "x"
		if other.Verify(key) {
			t.Fatalf("a signature stayed valid for another token: %+v", other)
		}
	})
}
