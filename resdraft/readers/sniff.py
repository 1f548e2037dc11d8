"""Moved to `resdraft.sniff` (the .docx floor needs it too); kept so old imports still work."""

from resdraft.sniff import OLE_MAGIC, Sniffed, refuse, sniff

__all__ = ["OLE_MAGIC", "Sniffed", "refuse", "sniff"]
