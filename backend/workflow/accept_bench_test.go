package workflow_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkAcceptLever records verified stage-change deliveries into the
// trigger stage from 100 concurrent senders, without HTTP: the durable part
// of a webhook's answer, ns/op being the writer's time per delivery. The
// decisions that follow wait while deliveries keep coming, for a second at
// most, as they do in the app; they end after one read, as the candidates
// do not exist in Lever's simulator.
func BenchmarkAcceptLever(b *testing.B) {
	r := newRig(b, rigOptions{})
	var seq atomic.Int64
	b.SetParallelism(50) // × GOMAXPROCS (2 here) = 100 senders
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d := moveDelivery(fmt.Sprintf("opp-bench-%d", seq.Add(1)))
			if err := r.eng.AcceptLever(context.Background(), d); err != nil {
				b.Error(err)
			}
		}
	})
}
