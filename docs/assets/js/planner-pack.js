/* The session planner's second part, loaded by planner.js once an activity is chosen: what the
   session needs (materials merged across activities, with counts that add up), what to do before
   the day, and the printed pack: the agenda, then each activity's run sheet (and its notes for
   people who are not online), then its worksheets in the numbers needed, standard and large
   print, then any card sheets. Each activity's parts, and its materials read from its front
   matter, come from assets/planner/activity-NN.js (hooks/planner.py). */
(() => {
  "use strict";
  const P = window.toolkitPlanner;
  if (!P) return;
  const { packs, $, esc, list, plural, length, clock, label, minutesOf, chosen, total, ends, startAt, groups, lp } = P;
  const mats = (a) => packs[a.n].materials || [];
  const perGroup = (a) => mats(a).some((m) => m.w && m.each === "group");
  const copies = (a) => [perGroup(a) ? groups() : P.state().people - lp(), lp()];  /* [standard, large print] */
  const each = (m) => m.qty * (m.each === "group" ? groups() : P.state().people);
  function cardCopies(a) {
    const m = mats(a).find((x) => x.each && /card/i.test(x.text));
    return m ? each(m) : 1;
  }
  function needs() {
    const out = [], merged = new Map(), people = P.state().people;
    for (const a of chosen()) {
      const [std, large] = copies(a);
      out.push(`Worksheets for Activity ${a.n}: ${std} in standard print` + (large ? ` and ${large} in large print` : "") +
        (perGroup(a) ? ", one for each small group" + (large ? " and each person who needs large print" : "")
          : ", one for each person") + " (in the pack)");
      for (const m of mats(a)) {
        if (m.w) continue;
        if (m.each) {
          out.push(`${m.text}: ${each(m)} for ` + (m.each === "group" ? plural(groups(), "small group", "small groups")
            : plural(people, "person", "people")) + ` (Activity ${a.n})`);
          continue;
        }
        for (const p of m.parts || [m.text]) {
          const k = p.toLowerCase().replace(/^(a|an) /, "");
          if (!merged.has(k)) merged.set(k, { text: p, from: [] });
          merged.get(k).from.push(a.n);
        }
      }
    }
    merged.forEach((m) => out.push(`${m.text} (Activit${m.from.length > 1 ? "ies" : "y"} ${list(m.from.map(String))})`));
    return out;
  }
  function beforeHtml(folded) {  /* each activity's "Before the session", each point once */
    const seen = new Set();
    return chosen().map((a) => {
      const items = (packs[a.n].before || []).filter((li) => {
        const k = li.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
        return !seen.has(k) && seen.add(k);
      });
      if (!items.length) return "";
      const head = `Activity ${a.n}: ${esc(a.title)}`, body = `<ul><li>${items.join("</li><li>")}</li></ul>`;
      return folded ? `<details><summary>${head} (${plural(items.length, "thing", "things")} to do)</summary>${body}</details>`
        : `<h4>${head}</h4>${body}`;
    }).join("");
  }
  function pack(need) {
    const state = P.state(), page = (body, cls = "") => `<section class="pack-page ${cls}">${body}</section>`;
    let t = startAt();
    const rows = state.items.map((it) => {
      const m = minutesOf(it);
      return `<tr><td>${clock(t)} to ${clock((t += m))}</td><td>${esc(label(it))}</td><td>${length(m)}</td></tr>`;
    }).join("");
    const out = [page(`<h2>${esc(state.title || "Session plan")}</h2><p>From ${state.start} to ${ends()} (${length(total())}), for ` +
      plural(state.people, "person", "people") + (lp() ? `, ${lp()} of them with large print` : "") + ".</p>" +
      `<table><thead><tr><th>Time</th><th>What</th><th>How long</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<h3>You will need</h3><ul><li>${need.map(esc).join("</li><li>")}</li></ul><h3>Before the day</h3>` +
      beforeHtml(false), "pack-agenda")];
    for (const a of chosen()) {
      const p = packs[a.n];
      if (p.runSheet) out.push(page(p.runSheet));
      if (state.phone && p.phone) out.push(page(`<h2>Activity ${a.n}: for people who are not online</h2>${p.phone}`));
    }
    for (const a of chosen()) {
      const p = packs[a.n], [std, large] = copies(a);
      for (let i = 0; p.worksheet && i < std + large; i++) out.push(page(p.worksheet, i < std ? "pack-sheet" : "pack-sheet pack-large"));
      for (const card of p.cards || []) for (let i = 0; i < cardCopies(a); i++) out.push(page(card, "pack-cards"));
    }
    return out.join("");
  }
  /* The pack is built as it is printed (the browser's "beforeprint", which its Print and "Save
     as PDF" both send): a page with a plan in its address loads with no long task. */
  let stale = true;
  P.build = () => {
    if (!stale || !P.ready()) return;
    $(".planner-pack").innerHTML = pack(needs());
    document.documentElement.classList.add("planner-packed");  /* planner.css: print the pack */
    stale = false;
  };
  addEventListener("beforeprint", P.build);
  P.more = () => {
    const need = needs(), acts = chosen(), packEl = $(".planner-pack");
    $(".planner-needs").replaceChildren(...need.map((x) => P.h("li", null, x)));
    const before = beforeHtml(true) || "<p>Nothing to do before the day.</p>";
    if (before !== P.shownBefore) $(".planner-before").innerHTML = P.shownBefore = before;  /* keeps what is open */
    const sheets = acts.reduce((n, a) => n + copies(a)[0] + lp(), 0);
    $(".planner-pack-says").textContent = `The pack has the agenda, ${plural(acts.length, "run sheet", "run sheets")}` +
      (P.state().phone ? ", the notes for people who are not online" : "") + ` and ${plural(sheets, "worksheet", "worksheets")}` +
      (lp() ? ` (${lp() * acts.length} in large print)` : "") +
      ". Each starts on a new sheet of paper. To keep it as one file, choose “Save as PDF” in the print window.";
    packEl.textContent = "";
    document.documentElement.classList.remove("planner-packed");
    stale = true;
    packEl.setAttribute("data-ready", "");  /* every part is here: it can be printed */
  };
})();
