"""Tables of the legal_aid domain."""
