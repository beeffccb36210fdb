package sqlite

// ReadPagesInOrder makes every filtered page be read in order (true) or
// gathered and sorted (false), whatever the counts say, until the returned
// function puts the choice back.
func ReadPagesInOrder(inOrder bool) (restore func()) {
	was := walkCost
	walkCost = 0
	if inOrder {
		walkCost = 1 << 40
	}
	return func() { walkCost = was }
}
