"""Email senders: console (the default, logs that a message was sent) and SendGrid."""
from rozgar_adapters.email.console import ConsoleEmailSender, mask_email
from rozgar_adapters.email.sendgrid import SendGridEmailSender

__all__ = ["ConsoleEmailSender", "SendGridEmailSender", "mask_email"]
