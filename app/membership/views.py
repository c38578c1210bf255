"""HTTP endpoints of the membership domain."""
blueprints = []
