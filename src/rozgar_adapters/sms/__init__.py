"""SMS senders: console (the default, logs the message), MSG91 and Twilio."""
from rozgar_adapters.sms.console import ConsoleSmsSender
from rozgar_adapters.sms.msg91 import Msg91SmsSender
from rozgar_adapters.sms.twilio import TwilioSmsSender

__all__ = ["ConsoleSmsSender", "Msg91SmsSender", "TwilioSmsSender"]
