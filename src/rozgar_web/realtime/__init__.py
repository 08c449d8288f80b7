"""Real-time notifications over Socket.IO."""
from rozgar_web.realtime.publisher import SocketIoPublisher
from rozgar_web.realtime.server import init_realtime

__all__ = ["SocketIoPublisher", "init_realtime"]
