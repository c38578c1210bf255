"""Tables of the admin domain."""
