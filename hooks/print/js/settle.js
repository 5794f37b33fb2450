// Run in the page by hooks/print/pdf_render.py (SETTLE_SCRIPT).
async (area) => {
  for (const img of document.images) img.loading = 'eager';
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const until = Date.now() + 5000;
  while (window.innerWidth !== area.width && Date.now() < until) await frame();
  await document.fonts.ready;
  await Promise.race([
    Promise.all(Array.from(document.images).map((img) => img.decode().catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  await frame();
  await frame();
}
