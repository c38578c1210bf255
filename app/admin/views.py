"""HTTP endpoints of the admin domain."""
blueprints = []
