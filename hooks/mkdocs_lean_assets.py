"""MkDocs adapter: the site's own CSS and JS served without their comments
(hooks/site/lean_assets.py). Runs first among the post-build hooks, before the PDFs and the
offline copy are made from the built site."""

from __future__ import annotations

from pathlib import Path

from hooks.site.lean_assets import lean_site


def on_post_build(config):
    lean_site(Path(config.site_dir))
