"""The built site as readers get it: downloads, the e-book, the offline copy and tidy output.

Owns: the names of every download file and the lists of links to them (``downloads``), the
EPUB edition (``epub``, with ``epub.css``: made from the print page, its page list from the
whole-toolkit PDF), the offline copy (``offline``: a second build, zipped, with ``vendor/``'s
search shim), tidying the HTML the build writes (``site_output``) and serving the site's CSS
and JS without their comments (``lean_assets``).

May import: the standard library, lxml, hooks.content, and hooks.worksheets.forms for its type
only. Never MkDocs.
"""
