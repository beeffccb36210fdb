package qualified

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/assessbridge/assessbridge/backend"
)

// Qualified's JSON is decoded tolerantly: ids may be numbers or strings,
// times and scores may be null. These types absorb the difference so the
// mapping code reads plainly.

// id is a Qualified id as a string, whichever JSON type carried it.
type id string

func (v *id) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*v = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = id(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("id: %s is neither a number nor a string", b)
		}
		*v = id(n.String())
	}
	return nil
}

// timestamp is an RFC 3339 time that may be null or empty.
type timestamp time.Time

func (t *timestamp) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("time: %s is not a string", b)
	}
	if s == nil || *s == "" {
		*t = timestamp{}
		return nil
	}
	p, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return err
	}
	*t = timestamp(p)
	return nil
}

// Time returns the time, zero when absent.
func (t timestamp) Time() time.Time { return time.Time(t) }

// number is a JSON number that may be null or, defensively, a numeric string.
type number struct {
	v   float64
	set bool
}

func (n *number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*n = number{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*n = number{}
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("number: %q", s)
		}
		*n = number{v: f, set: true}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = number{v: f, set: true}
	return nil
}

// ptr returns the number, or nil when it was null or absent.
func (n number) ptr() *float64 {
	if !n.set {
		return nil
	}
	v := n.v
	return &v
}

// flag is a boolean that may be null; other JSON types read as unknown rather
// than failing the whole response.
type flag struct {
	v   bool
	set bool
}

func (f *flag) UnmarshalJSON(b []byte) error {
	var v bool
	if json.Unmarshal(b, &v) == nil {
		*f = flag{v: v, set: true}
	} else {
		*f = flag{}
	}
	return nil
}

func (f flag) ptr() *bool {
	if !f.set {
		return nil
	}
	v := f.v
	return &v
}

// word is a string that may be null; other JSON types read as absent
// rather than failing the whole response.
type word string

func (w *word) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		s = ""
	}
	*w = word(s)
	return nil
}

// closedReason is Qualified's closedReason in its documented snake_case
// spelling, whichever case or separators carried it ("invitationCanceled",
// "INVITATION_CANCELLED"); a reason not known is kept as it came.
func closedReason(s string) string {
	key := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
	switch key {
	case "invitationcanceled", "invitationcancelled":
		return backend.ClosedInvitationCanceled
	}
	return strings.TrimSpace(s)
}

// triggers is a subscription's eventTriggers: event names mapped to whether
// they are on. Qualified's answers carry a string "id" among them (the
// triggers' own record), so only the true/false values are kept and any
// other value is skipped rather than failing the whole list.
type triggers map[string]bool

func (t *triggers) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		// null, or not an object: no triggers this client can read.
		*t = nil
		return nil
	}
	out := triggers{}
	for k, v := range raw {
		var on bool
		if json.Unmarshal(v, &on) == nil {
			out[k] = on
		}
	}
	*t = out
	return nil
}
