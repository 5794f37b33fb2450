"""The session planner and what it is made from.

Owns: the planner's form, data and pack (``planner``: docs/plan.md, its scripts in
docs/assets/js/planner*.js, and ``carry_print_layout``, which makes the pack print as the
PDFs do), the run sheet that tops each activity (``run_sheets``), and the filters on the
activities list (``activity_filters``).

May import: hooks.content and hooks.print (the paper styles' file). Never MkDocs.
"""
