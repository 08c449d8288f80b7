"""Access-token codecs."""
