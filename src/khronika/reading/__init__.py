"""The reading layer: any input -> Article (title, lead, body, credits, related block, date)."""
from .article import Article
from .inputs import DEFAULT_MAX_BYTES, InputError, read_bytes, read_inputs
from .page import read_page_text

__all__ = ["Article", "InputError", "read_inputs", "read_bytes", "read_page_text", "DEFAULT_MAX_BYTES"]
