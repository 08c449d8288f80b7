"""Administration: admins, users, reports, global settings, the audit log; and analytics."""
