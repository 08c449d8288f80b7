"""Marshmallow schemas of the wire contract (camelCase, unknown fields rejected)."""
