package workflow

import (
	"context"

	"github.com/assessbridge/assessbridge/backend"
)

func (unreachable) Share(context.Context, string) (backend.SharedReport, error) {
	return backend.SharedReport{}, errUnreachable
}

func (unreachable) ReportPDF(context.Context, string) ([]byte, error) { return nil, errUnreachable }
