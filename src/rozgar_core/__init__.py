"""Rozgar360 core: domain model, ports and use cases. Standard library (and phonenumbers) only."""
