"""Tables of the cards domain."""
