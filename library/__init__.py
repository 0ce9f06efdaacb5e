"""The case library: every year's reviewed declarations in one SQLite file, searchable in Chinese, with
the officers' confirmations and decisions (store, search, web page, export, cross-year near duplicates)."""

from library.store import SCHEMA_VERSION, CaseLibrary, Entry, LibraryError

__all__ = ["SCHEMA_VERSION", "CaseLibrary", "Entry", "LibraryError"]
