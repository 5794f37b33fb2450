"""Paper: the PDFs, printed by Chromium from the built site, and made to conform to PDF/UA-1.

Owns: printing every PDF (``pdf_render``, with the scripts it runs in the page in ``js/``
beside it, each checked by ``node --check``), the print styles for paper (``book.css``,
shared with the planner's pack, and ``book-pages.css``, the PDFs' page boxes), finishing each
file (``pdf_finish``: metadata, bookmarks, the same bytes for the same commit) and the PDF/UA-1
repairs (``pdf_ua``).

May import: hooks.content (the QR code's address), hooks.worksheets.forms (the forms to print),
hooks.site.downloads (the names of the files), Playwright and pikepdf. Never MkDocs.
"""
