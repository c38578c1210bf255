"""Pages of the legal_aid domain."""
