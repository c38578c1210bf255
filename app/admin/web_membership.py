"""Pages of the membership domain."""
