/* The session planner's second part, loaded by planner.js once an activity is chosen: what the
   session needs (materials merged across activities by what each thing is, with counts that add
   up), what to do and post before the day, and the printed pack: the agenda, then each
   activity's run sheet in clock time (and its notes for people who are not online), then its
   worksheets and card sets in the numbers needed, standard and large print, for each small
   group, each person who needs large print and each person at home. Each activity's parts, and
   its materials read from its front matter, come from assets/planner/activity-NN.js
   (hooks/planner/planner.py). */
(() => {
  const P = window.toolkitPlanner;
  const { packs, $, esc, list, plural, length, clock, label, minutesOf, chosen, total, ends, startAt, S, who, says, packEl } = P;
  /* The print styles the pack shares with the PDFs, so its worksheets and cards print as theirs do */
  document.head.insertAdjacentHTML("beforeend", `<link rel="stylesheet" media="print" href="${P.data.book}">`);
  const mats = a => packs[a.n].materials || [];
  const byGroup = a => mats(a).some(m => m.w && m.each === "group");
  const sum = c => c[0] + c[1];
  /* [standard, large print]: "6 in standard print and 2 in large print" */
  const pr = (c, one, many) => list([c[0] && `${one ? plural(c[0], one, many) : c[0]} in standard print`,
    c[1] && `${one ? plural(c[1], one, many) : c[1]} in large print`].filter(Boolean));
  /* Who takes part how: in the room (and its small groups), and at home [standard, large print] */
  function people() {
    const s = S(), room = s.people - s.phone;
    return { s, room, rl: Math.min(s.large - s.phonelarge, room), home: [s.phone - s.phonelarge, s.phonelarge], g: Math.ceil(room / P.data.smallGroup) };
  }
  /* An activity's worksheets and card sets, each [standard, large print], and those to post */
  function copies(a) {
    const w = people(), p = packs[a.n], post = a.formats.includes("phone-or-post") ? w.home : [0, 0];
    const cm = mats(a).find(m => m.c), sets = p.cards ? (cm && cm.g ? w.g : Math.min(1, w.room)) : 0;
    const big = p.bigCards ? sets : Math.min(sets, w.rl);
    return { ws: [(byGroup(a) ? w.g : w.room - w.rl) + post[0], w.rl + post[1]], post,
      cards: p.cards ? (p.bigCards ? [0, sets + sum(post)] : [sets - big + post[0], big + post[1]]) : [0, 0] };
  }
  function needs() {
    const out = [], merged = new Map(), w = people(), toPost = [], cut = [];
    for (const a of chosen()) {
      const c = copies(a), n = `Activity ${a.n}`;
      out.push(`Worksheets for ${n}: ${pr(c.ws)}, one for each ` + (byGroup(a) ? "small group and each person who needs large print"
        : "person") + (sum(c.post) ? `, ${sum(c.post)} of them to post` : "") + " (in the pack)");
      if (sum(c.cards)) {
        out.push(`Cards for ${n}: ${pr(c.cards, "set", "sets")} (in the pack)`);
        cut.push(`${plural(sum(c.cards), "set", "sets")} for ${n}`);
      }
      if (sum(c.post)) toPost.push(`${n}’s worksheet` + (sum(c.cards) ? " and cards" : ""));
      for (const m of mats(a)) {
        if (m.w || m.c) continue;
        if (m.each) {
          out.push(`${m.text}: ${m.qty * (m.each === "group" ? w.g : w.s.people)} (${n})`);
          continue;
        }
        for (const [text, k] of m.t || [[m.text, m.text]]) {
          const x = merged.get(k) || { text, from: [] };
          if (text.length > x.text.length) x.text = text;  /* the larger need, in its own words */
          if (!x.from.includes(a.n)) x.from.push(a.n);
          merged.set(k, x);
        }
      }
    }
    merged.forEach(m => out.push(`${m.text} (Activit${m.from.length > 1 ? "ies" : "y"} ${list(m.from.map(String))})`));
    const post = toPost.length ? `a pack for each person at home (${pr(w.home, "person", "people")}): ${list(toPost)} from this pack, ` +
      "a short letter, and a stamped addressed envelope for their answers" : "";
    if (post) out.push("To post: " + post);
    return { out, first: [post && `Post ${post}, in time to reach them before the day.`, cut.length && `Cut out the cards in this pack: ${list(cut)}.`].filter(Boolean) };
  }
  function beforeHtml(need) {  /* what the whole plan needs first, then each activity's "Before the session", each point once */
    const seen = new Set(), ul = items => `<ul><li>${items.join("</li><li>")}</li></ul>`;
    return (need.first.length ? ul(need.first.map(esc)) : "") + chosen().map(a => {
      const items = (packs[a.n].before || []).filter(li => {
        const k = li.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
        return !seen.has(k) && seen.add(k);
      });
      return items.length ? `<h4>Activity ${a.n}: ${esc(a.title)}</h4>${ul(items)}` : "";
    }).join("");
  }
  /* On paper a link is its words, and an address to another site is printed after them. */
  const paper = x => x.replace(/<a\b[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (_, u, t) => (/^https?:/.test(u) ? `${t} (${u})` : t));
  function pack(need) {
    const s = S(), page = (body, cls = "") => `<section class="pack-page ${cls}">${paper(body)}</section>`, at = {};
    let t = startAt();
    const rows = s.items.map(it => {
      const m = minutesOf(it);
      if (it.a) at[it.a] = t;
      return `<tr><td>${clock(t)} to ${clock((t += m))}</td><td>${esc(label(it))}</td><td>${length(m)}</td></tr>`;
    }).join("");
    const out = [page(`<h2>${esc(s.title || "Session plan")}</h2><p>From ${s.start} to ${ends()} (${length(total())}), for ` +
      `${who(s)}.</p><table><thead><tr><th>Time</th><th>What</th><th>How long</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<h3>You will need</h3><ul><li>${need.out.map(esc).join("</li><li>")}</li></ul><h3>Before the day</h3>` +
      beforeHtml(need), "pack-agenda")];
    for (const a of chosen()) {
      const p = packs[a.n], t0 = at[a.n];
      if (p.runSheet) out.push(page(p.runSheet.replace(/\(minute (\d+) to (\d+)\)/g, (_, x, y) => `(${clock(t0 + +x)} to ${clock(t0 + +y)})`)
        .replace(/<dd>(\d+ minutes),/, `<dd>${clock(t0)} to ${clock(t0 + a.minutes)} ($1),`)));
      if (s.phone && p.phone) out.push(page(`<h2>Activity ${a.n}: for people who are not online</h2>${p.phone}`));
    }
    for (const a of chosen()) {
      /* bigSheet: the worksheet as laid out in large print (hooks/planner/planner.py) */
      const p = packs[a.n], c = copies(a), many = (body, [std, large], big = body) => {
        for (let i = 0; body && i < std + large; i++) out.push(i < std ? page(body) : page(big, "pack-large"));
      };
      many(p.worksheet, c.ws, p.bigSheet);
      for (const card of p.cards || []) many(card, c.cards);
    }
    return out.join("");
  }
  /* The pack is built as it is printed (the browser's "beforeprint", which its Print and "Save
     as PDF" both send): a page with a plan in its address loads with no long task. */
  P.build = () => {
    if (!P.stale || !P.ready()) return;
    packEl.innerHTML = pack(needs());
    document.documentElement.classList.add("planner-packed");  /* planner.css: print the pack */
    P.stale = 0;
  };
  addEventListener("beforeprint", P.build);
  P.more = () => {
    const need = needs();
    $(".planner-needs").innerHTML = need.out.map(x => `<li>${esc(x)}</li>`).join("");
    $(".planner-before").innerHTML = beforeHtml(need);
    says.textContent = "Ready to print.";
    packEl.setAttribute("data-ready", "");  /* every part is here: it can be printed */
  };

})();
