"""Use cases: one module per area, one class per use case."""
