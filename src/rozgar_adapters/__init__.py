"""Adapters: the implementations of the core's ports (SQL, in-memory, Redis, SMS, storage, tokens)."""
