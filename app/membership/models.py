"""Tables of the membership domain."""
