"""Reviews, contacts, notifications and reports."""
