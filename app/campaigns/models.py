"""Tables of the campaigns domain."""
