"""HTTP endpoints of the campaigns domain."""
blueprints = []
