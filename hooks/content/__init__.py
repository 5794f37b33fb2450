"""The content: reading docs/ and the rules every page must keep.

Owns: the model of the docs (``docs_model``: pages, front matter with line numbers, the
activities), the citation and front-matter rules (``citations``: ``python -m
hooks.content.citations docs`` runs them without MkDocs), what the build adds to an activity
page from its front matter (``activity_pages``), the QR code to a page (``qr``), and the words
people search with (``search_words``).

May import: the standard library, PyYAML, segno and other modules of this package. Nothing
else in hooks/, and never MkDocs: these run as plain Python over docs/.
"""
