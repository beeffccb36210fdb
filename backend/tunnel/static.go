package tunnel

import "context"

// static is a public URL the user already has, e.g. a reverse proxy in
// front of a server. There is nothing to run: it is connected once started.
type static struct {
	raw    string
	status *statusBox
}

// Static returns the tunnel for "I have my own public URL". Start makes it
// connected at once with that URL, or failed when the URL is not an
// absolute http(s) URL.
func Static(url string) Tunnel {
	return &static{raw: url, status: newStatusBox()}
}

func (s *static) Start(ctx context.Context) error {
	u, err := publicURL(s.raw)
	if err != nil {
		s.status.set(StateFailed, "", err.Error())
		return err
	}
	s.status.set(StateConnected, u, "")
	return nil
}

func (s *static) Status() Status { return s.status.get() }

func (s *static) Updates() <-chan Status { return s.status.updates }

func (s *static) Stop(ctx context.Context) error {
	st := s.status.get()
	if st.State != StateStopped {
		s.status.set(StateStopped, "", "")
	}
	return nil
}
