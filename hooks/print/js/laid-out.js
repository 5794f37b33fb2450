// Run in the page by hooks/print/pdf_render.py (LAID_OUT_SCRIPT), after a worksheet has been
// printed: the worksheet as it was laid out on paper (split where its pages break, boxes sized
// to fill them), which the planner's pack prints (hooks/planner/planner.py).
() => document.getElementById('print-site-page').innerHTML
