"""Pages of the campaigns domain."""
