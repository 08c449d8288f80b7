"""The HTTP contract, through the Flask test client."""
