"""What the Easy Read guide (docs/easy-read.md) needs from the build.

Owns: its pictures, copied from the icon sets Material bundles, lazy loading, words kept
whole, and its own stylesheet (``pictures``).

May import: the standard library and Material's icon folder (a path, not MkDocs). Never MkDocs.
"""
