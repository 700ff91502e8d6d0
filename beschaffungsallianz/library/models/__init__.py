from beschaffungsallianz.library.models.entries import Kind, LibraryEntry
from beschaffungsallianz.library.models.links import LinkCheck
from beschaffungsallianz.library.models.pages import LibraryIndexPage

__all__ = ["Kind", "LibraryEntry", "LibraryIndexPage", "LinkCheck"]
