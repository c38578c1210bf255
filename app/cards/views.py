"""HTTP endpoints of the cards domain."""
blueprints = []
