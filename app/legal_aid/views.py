"""HTTP endpoints of the legal_aid domain."""
blueprints = []
