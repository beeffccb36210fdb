package qualified

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/assessbridge/assessbridge/backend"
)

// MaxReportPDF is the largest PDF ReportPDF reads: Lever takes files of up
// to 30 MB.
const MaxReportPDF = 30 << 20

// Share returns a result's shared report: its link, and its PDF where the
// account's subscription has that feature (the answer then carries no
// "pdf", or an empty one).
func (c *Client) Share(ctx context.Context, resultID string) (backend.SharedReport, error) {
	var share struct {
		URL string `json:"url"`
		PDF word   `json:"pdf"`
	}
	if err := c.getObject(ctx, "/v1/assessment_results/"+url.PathEscape(resultID)+"/share", &share); err != nil {
		return backend.SharedReport{}, err
	}
	return backend.SharedReport{URL: share.URL, PDF: string(share.PDF)}, nil
}

// ReportPDF downloads the PDF at the address Share gave. The link itself
// grants access, so no API key is sent with it. A document larger than
// MaxReportPDF is refused: Lever would not take it.
func (c *Client) ReportPDF(ctx context.Context, pdfURL string) ([]byte, error) {
	u, err := url.Parse(pdfURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &Error{StatusCode: http.StatusBadRequest, Message: fmt.Sprintf("the report's PDF address %q is not a web address", pdfURL)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pdfURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "assessbridge")
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("qualified: download the report's PDF: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &Error{StatusCode: resp.StatusCode, Message: "the report's PDF could not be downloaded"}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxReportPDF+1))
	if err != nil {
		return nil, fmt.Errorf("qualified: download the report's PDF: %w", err)
	}
	if len(b) > MaxReportPDF {
		return nil, &Error{StatusCode: http.StatusRequestEntityTooLarge, Message: "the report's PDF is larger than the 30 MB Lever takes"}
	}
	return b, nil
}
