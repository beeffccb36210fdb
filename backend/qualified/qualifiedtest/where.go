package qualifiedtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The where parameter is URL-encoded JSON: {"field": value} for equality or
// {"field": {"op": value, ...}} with the operators below.
var operators = map[string]bool{"==": true, "!=": true, ">=": true, "<=": true, ">": true, "<": true, "in": true, "nin": true, "contains": true}

type condition struct {
	field, op string
	operand   any
}

type conditions []condition

func parseWhere(raw string) (conditions, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, errorf(http.StatusBadRequest, "where must be a JSON object: %v", err)
	}
	var out conditions
	for field, v := range m {
		field = snake(field)
		ops, ok := v.(map[string]any)
		if !ok {
			out = append(out, condition{field: field, op: "==", operand: v})
			continue
		}
		for op, operand := range ops {
			if !operators[op] {
				return nil, errorf(http.StatusBadRequest, "where: unknown operator %q on %s", op, field)
			}
			out = append(out, condition{field: field, op: op, operand: operand})
		}
	}
	return out, nil
}

// value is a record's field as the comparison needs it.
type value struct {
	kind string // "id", "string" or "time"
	i    int
	s    string
	t    time.Time
}

// match reports whether the record whose fields field looks up meets every
// condition. An unknown field is an error, as it is in Qualified.
func (cs conditions) match(field func(string) (value, bool)) (bool, *apiError) {
	for _, c := range cs {
		v, ok := field(c.field)
		if !ok {
			return false, errorf(http.StatusBadRequest, "where: unsupported field %q", c.field)
		}
		ok, err := c.test(v)
		if err != nil {
			return false, errorf(http.StatusBadRequest, "where: %s %s: %v", c.field, c.op, err)
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

func (c condition) test(v value) (bool, error) {
	switch c.op {
	case "in", "nin":
		list, ok := c.operand.([]any)
		if !ok {
			return false, fmt.Errorf("needs a list")
		}
		found := false
		for _, item := range list {
			cmp, err := compare(v, item)
			if err != nil {
				return false, err
			}
			if cmp == 0 {
				found = true
				break
			}
		}
		return found == (c.op == "in"), nil
	case "contains":
		s, ok := c.operand.(string)
		if !ok {
			return false, fmt.Errorf("needs a string")
		}
		return v.kind == "string" && strings.Contains(strings.ToLower(v.s), strings.ToLower(s)), nil
	}
	cmp, err := compare(v, c.operand)
	if err != nil {
		return false, err
	}
	switch c.op {
	case "==":
		return cmp == 0, nil
	case "!=":
		return cmp != 0, nil
	case ">=":
		return cmp >= 0, nil
	case "<=":
		return cmp <= 0, nil
	case ">":
		return cmp > 0, nil
	default:
		return cmp < 0, nil
	}
}

// compare orders a field against an operand of the field's kind: ids as
// ObjectIds, times as times.
func compare(v value, operand any) (int, error) {
	switch v.kind {
	case "id":
		// Ids are ObjectId strings: a number, or a string that is no id the
		// simulator gave out, equals none of them.
		var n int
		switch o := operand.(type) {
		case string:
			if n = parseOID(o); n < 0 {
				return 1, nil
			}
		case json.Number, nil:
			return 1, nil
		default:
			return 0, fmt.Errorf("%v is not an id", o)
		}
		return cmpInt(v.i, n), nil
	case "time":
		if operand == nil {
			if v.t.IsZero() {
				return 0, nil
			}
			return 1, nil
		}
		s, ok := operand.(string)
		if !ok {
			return 0, fmt.Errorf("%v is not a time", operand)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return 0, fmt.Errorf("%q is not an ISO 8601 time", s)
		}
		if v.t.IsZero() {
			return -1, nil
		}
		return v.t.Compare(t), nil
	default:
		var s string
		switch o := operand.(type) {
		case string:
			s = o
		case json.Number:
			s = o.String()
		case nil:
			s = ""
		default:
			return 0, fmt.Errorf("%v is not a string", o)
		}
		return strings.Compare(v.s, s), nil
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func idValue(i int) value         { return value{kind: "id", i: i} }
func strValue(s string) value     { return value{kind: "string", s: s} }
func timeValue(t time.Time) value { return value{kind: "time", t: t} }

func (r *result) field(name string) (value, bool) {
	switch name {
	case "id":
		return idValue(r.id), true
	case "assessment_id":
		return idValue(r.assessmentID), true
	case "team_candidate_id":
		return idValue(r.candidateID), true
	case "state":
		return strValue(r.state), true
	case "updated_at":
		return timeValue(r.updatedAt), true
	case "created_at":
		return timeValue(r.createdAt), true
	case "invited_at":
		return timeValue(r.invitedAt), true
	case "started_at":
		return timeValue(r.startedAt), true
	case "submitted_at":
		return timeValue(r.submittedAt), true
	}
	return value{}, false
}

func (a *assessment) field(name string) (value, bool) {
	switch name {
	case "id":
		return idValue(a.id), true
	case "state":
		return strValue(a.state), true
	case "title":
		return strValue(a.title), true
	case "updated_at":
		return timeValue(a.updatedAt), true
	case "created_at":
		return timeValue(a.createdAt), true
	}
	return value{}, false
}
