package lever

import "context"

// OpportunitiesUpTo returns the opportunities matching f, reading pages of
// 100 until it holds at least upTo of them, and whether Lever has more: a
// stage holding thousands costs a bounded number of calls.
func (c *Client) OpportunitiesUpTo(ctx context.Context, f OpportunityFilter, upTo int) ([]Opportunity, bool, error) {
	return listUpTo[Opportunity](ctx, c, "/opportunities", f.query(), upTo)
}
