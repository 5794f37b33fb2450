"""The sheets people write on or cut out, and their editable files.

Owns: the card sheets cut from an activity's lists (``cards``), the forms to use on the day
(``forms``: docs/forms/, one page each), and the Word and OpenDocument files of every
worksheet and form (``worksheet_files``, through pandoc).

May import: hooks.content, hooks.site.downloads (the names of the files), and
hooks.print.pdf_render for the Chromium it shares (``find_chromium``). Never MkDocs.
"""
