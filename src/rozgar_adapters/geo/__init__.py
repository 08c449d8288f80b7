"""Geocoders: PIN code to a point, from memory, the packaged India Post directory or Google Maps."""
from rozgar_adapters.geo.google import GoogleGeocoder
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.geo.offline import OfflinePincodeGeocoder

__all__ = ["GoogleGeocoder", "MemoryGeocoder", "OfflinePincodeGeocoder"]
