/* The check-up's result, the sessions it suggests and the comparison with an earlier check-up
   (docs/check-up.md). Loaded by check-up.js, with the result's data (assets/check-up/data.js),
   once there is an answer: the page's first load stays small. check-up.js calls it with what it
   draws with (the answers, the statements, the data), and draws what it returns. */
window.toolkitCheckUpResult = C => {
  const { h, list, plural, length, longDate, ANS, LENGTHS, BREAK, all, byId, areas, data, state, thenSaid } = C;
  const acts = data.activities;
  const actLink = n => h("a", { href: acts[n].url }, `Activity ${n}: ${acts[n].title}`);
  /* --- The result --------------------------------------------------------------------------- */
  function ladder() {
    const rungs = all.filter(s => s.rung && state.answers[s.id] && state.answers[s.id] !== "d");
    if (!rungs.length) return null;
    const yes = rungs.filter(s => state.answers[s.id] === "y").map(s => s.rung);
    const top = data.rungs.filter(r => yes.includes(r.id)).pop(), lowest = rungs.find(s => s.rung === data.rungs.find(r => all.some(x => x.rung === r.id)).id);
    /* With no "Yes", the answers say where decisions sit only if the lowest rung asked is "Not yet". */
    if (!top && !(lowest && state.answers[lowest.id] === "n")) return null;
    const above = rungs.filter(s => state.answers[s.id] === "p" && data.rungs.findIndex(r => r.id === s.rung) > data.rungs.indexOf(top));
    const rung = top ? `Your answers suggest that many of your decisions sit at “${top.id}” on the ladder of participation: ${top.means}.`
      : "Your answers suggest that many decisions are made without the people who use the service: the bottom rungs of the ladder of participation, where people are told what to do.";
    const partly = above.length ? ` Some may reach “${above[above.length - 1].rung}”.` : "";
    const ch = byId[rungs[0].id].ch;
    return h("div", { class: "check-up-ladder" }, h("p", null, h("strong", null, "Where do your decisions sit? "), rung + partly),
      h("p", null, "This is a question to talk about, not a finding. Is that how it feels to everyone? Which decisions could move up a rung? ",
        h("a", { href: ch.url }, "Read about the ladder"), ", and try ", actLink(8), "."));
  }
  function item(s) {
    const v = state.answers[s.id];
    return h("li", null, v === "y" ? "" : h("strong", null, `${ANS[v]}: `), s.says,
      v === "y" ? "" : h("span", { class: "check-up-why" }, h("br"), `Why it matters: ${s.why}`, h("br"), "Read ",
        h("a", { href: s.ch.url }, s.ch.title), ". Try ", actLink(s.a), ` (${length(acts[s.a].minutes)}).`));
  }
  function result() {
    const n = all.filter(s => state.answers[s.id]).length;
    if (!n) return [h("p", null, "Answer some of the statements above, and your result shows here.")];
    const out = [h("p", null, `${state.on ? `Check-up of ${longDate(state.on)}. ` : ""}You answered ${n} of the ${all.length} statements. ` +
      "There is no score: the result shows what is going well and what to work on, area by area.")];
    const lad = ladder();
    if (lad) out.push(lad);
    areas.forEach((a, i) => {
      const g = { y: [], p: [], n: [], d: [], "": [] };
      a.statements.forEach(s => g[state.answers[s.id] || ""].push(s));
      const sec = h("div", { class: "check-up-area-result" },
        h("h3", { id: `result-${a.id}` }, `${i + 1}. ${a.title}`));
      if (g.y.length) sec.append(h("h4", null, "Going well"), h("ul", null, ...g.y.map(item)));
      if (g.n.length + g.p.length) sec.append(h("h4", null, "To work on"), h("ul", { class: "check-up-work" }, ...g.n.concat(g.p).map(item)));
      if (g.d.length) sec.append(h("h4", null, "Find out"), h("p", null, "Nobody knew the answer to these. Find out, or ask the people they are about."),
        h("ul", null, ...g.d.map(s => h("li", null, s.says))));
      if (g[""].length) sec.append(h("p", null, `Not answered: ${plural(g[""].length, "statement", "statements")}.`));
      out.push(sec);
    });
    return out;
  }

  /* --- From result to session ------------------------------------------------------------------ */
  /* The activities that help with each "Not yet" (2) and "Partly" (1), most needed first, in
     sessions of the length picked; each session in the toolkit's order, with a tea break in the
     middle of one of 2 hours or more. */
  function sessions() {
    const need = {};
    all.forEach(s => { const v = state.answers[s.id]; if (v === "n" || v === "p") need[s.a] = (need[s.a] || 0) + (v === "n" ? 2 : 1); });
    const out = [], mins = ses => ses.reduce((t, n) => t + acts[n].minutes, 0) + (ses.length > 1 && state.len >= 120 ? BREAK : 0);
    Object.keys(need).map(Number).sort((x, y) => need[y] - need[x] || x - y).forEach(n => {
      const ses = out.find(x => mins(x.concat(n)) <= state.len);
      if (ses) ses.push(n); else out.push([n]);
    });
    return out.map(ses => ses.sort((x, y) => x - y)).map(ses => ({ items: ses, minutes: mins(ses) }));
  }
  function planLink(ses, i, k) {
    const p = new URLSearchParams(), d = data.defaults;
    p.set("title", "Check-up: what to work on" + (k > 1 ? `, session ${i} of ${k}` : ""));
    ["start", "people", "large"].forEach(x => p.set(x, d[x]));
    const items = ses.items.map(String);
    if (ses.items.length > 1 && state.len >= 120) items.splice(Math.ceil(items.length / 2), 0, `Tea break, ${BREAK} minutes`);
    items.forEach(x => p.append("item", x));
    return data.plan + "#" + p;
  }
  function plan() {
    const ss = sessions(), pick = h("p", { class: "check-up-field" }, h("label", { for: "check-up-length" }, "How long can a session be?"), " ");
    const sel = h("select", { id: "check-up-length" }, ...LENGTHS.map(m => h("option", { value: m }, length(m))));
    sel.value = state.len;
    pick.append(sel);
    if (!ss.length) return [h("p", null, all.some(s => state.answers[s.id]) ? "Nothing here to work on: no statement is “Not yet” or “Partly”. " +
      "Take stock again after your next piece of work." : "Answer the statements, and the activities that help with what you answer “Not yet” or “Partly” show here.")];
    const k = ss.length, out = [pick, h("p", null, "The activities that help with what you answered “Not yet” or “Partly”, those that help with most first. " +
      (k > 1 ? `They fit in ${k} sessions of this length.` : "They fit in one session of this length."))];
    out.push(h("ul", { class: "check-up-sessions" }, ...ss.map((ses, i) => h("li", null,
      h("a", { href: planLink(ses, i + 1, k), class: "md-button" + (i ? "" : " md-button--primary") }, k > 1 ? `Plan session ${i + 1} of ${k} on these` : "Plan a session on these"),
      " ", `${ses.items.length > 1 ? "Activities" : "Activity"} ${list(ses.items.map(String))}${ses.items.length > 1 && state.len >= 120 ? ", with a tea break" : ""} (${length(ses.minutes)}` +
      (ses.minutes > state.len ? ", longer than you picked: this activity takes that long" : "") + ")."))));
    out.push(h("p", null, "The planner opens with the activities chosen. Change the start time and the number of people there. " +
      "After the session, tell people what changed because of what they said: the ", h("a", { href: data.forms["you-said-we-did"] }, "you said, we did form"), " helps."));
    return out;
  }

  /* --- Compare with last time ------------------------------------------------------------------ */
  const counts = (answers, a) => {
    const c = { y: 0, p: 0, n: 0, d: 0 };
    a.statements.forEach(s => answers[s.id] && c[answers[s.id]]++);
    const said = Object.keys(ANS).filter(k => c[k]).map(k => `${ANS[k]} ${c[k]}`);
    return said.length ? said.join(", ") : "No answers";
  };
  function compare() {
    const t = state.then;
    if (!t) return [];
    const when = t.on || state.on ? h("p", null, `Then: ${t.on ? longDate(t.on) : "the earlier check-up"}. Now: ${state.on ? longDate(state.on) : "this check-up"}.`) : "";
    const rows = areas.map(a => h("tr", null, h("th", { scope: "row" }, a.title), h("td", null, counts(t.answers, a)), h("td", null, counts(state.answers, a))));
    /* A change is an answer given both times that differs; answers given only once are counted. */
    const both = all.filter(s => t.answers[s.id] && state.answers[s.id]), once = all.length - both.length -
      all.filter(s => !t.answers[s.id] && !state.answers[s.id]).length;
    const changed = both.filter(s => t.answers[s.id] !== state.answers[s.id]).map(s => h("li", null, s.says + " ",
      h("strong", null, `Then: ${ANS[t.answers[s.id]]}. Now: ${ANS[state.answers[s.id]]}.`)));
    return [thenSaid ? h("p", { class: "check-up-problem" }, thenSaid) : "", when, h("div", { class: "check-up-table", role: "region", tabindex: "0", "aria-label": "Each area then and now" },
      h("table", null, h("caption", null, "Each area then and now"),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Area"), h("th", { scope: "col" }, "Then"), h("th", { scope: "col" }, "Now"))), h("tbody", null, ...rows))),
      h("h4", null, "What has changed"), changed.length ? h("ul", null, ...changed) : h("p", null, "No answer given both times has changed."),
      once ? h("p", null, `${plural(once, "statement has", "statements have")} an answer only one of the two times.`) : "",
      h("p", { class: "check-up-buttons" }, h("button", { type: "button", class: "md-button", "data-action": "uncompare" }, "Stop comparing"))];
  }
  return { result, plan, compare, sessions };
};
