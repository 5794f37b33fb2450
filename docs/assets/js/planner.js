/* The session planner (docs/plan.md): the plan, its address and its agenda. What it knows of the
   activities the build writes into the page from their front matter (hooks/planner/planner.py,
   #planner-data). Once an activity is chosen it loads, for each activity, what the build took from
   its page (assets/planner/): scripts, because the offline copy, opened from file://, cannot
   fetch() a file. Then it works out what the session needs, what to do and post before the day,
   and the printed pack (below). The plan lives in the address, after the "#": no cookie, no storage, nothing sent.
   Every message shows on screen (.planner-status, at the foot of the window) as well as being
   announced. */
(() => {
  const root = document.querySelector(".planner"), dataEl = document.getElementById("planner-data");
  if (!root || !dataEl) return;
  const data = JSON.parse(dataEl.textContent), D = data.defaults, acts = {}, plans = {}, loading = {}, failed = {};
  data.activities.forEach(a => { acts[a.n] = a; });
  data.plans.forEach(p => { plans[p.id] = p; });
  const packs = (window.toolkitPack = window.toolkitPack || {});
  const $ = sel => root.querySelector(sel);
  const agenda = $(".planner-agenda"), status = $(".planner-status"), notice = $(".planner-notice");
  const packEl = $(".planner-pack"), says = $(".planner-pack-says"), head = $("#your-plan"), toList = $(".planner-list"), f = {};
  const NUMS = ["people", "large", "phone", "phonelarge"];
  for (const k of ["title", "start", ...NUMS, "break-name", "break-minutes"]) f[k] = $("#planner-" + k);
  let state, written = "", dragKey = null, key = 0, pending = false;

  const fresh = () => Object.assign({ title: "", items: [] }, D);
  const esc = s => String(s).replace(/[&<>"]/g, c => "&#" + c.charCodeAt(0) + ";");
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const k in attrs || {}) el.setAttribute(k, attrs[k]);
    el.append(...kids);
    return el;
  };
  const list = w => (w.length < 2 ? w.join("") : w.slice(0, -1).join(", ") + " and " + w[w.length - 1]);
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const length = m => [m >= 60 ? plural(Math.floor(m / 60), "hour", "hours") : "",
    m % 60 || m < 60 ? plural(m % 60, "minute", "minutes") : ""].filter(Boolean).join(" ");
  const two = n => String(n).padStart(2, "0");
  const clock = m => two(Math.floor(m / 60) % 24) + ":" + two(m % 60);
  const startAt = () => +state.start.slice(0, 2) * 60 + +state.start.slice(3);
  const minutesOf = it => (it.a ? acts[it.a].minutes : it.minutes);
  const label = it => (it.a ? `Activity ${it.a}: ${acts[it.a].title}` : it.name);
  const chosen = () => state.items.filter(it => it.a).map(it => acts[it.a]);
  const has = (s, n) => s.items.some(it => it.a === n);
  const total = () => state.items.reduce((t, it) => t + minutesOf(it), 0);
  const ends = () => clock(startAt() + total());
  const lpw = n => "large print for " + plural(n, "person", "people");
  /* Numbers that cannot all be true are made to fit, and each change is said in plain words. */
  function fit(s) {
    const out = [], cap = (k, max, what) => {
      if (s[k] > max) { out.push(`The plan can have at most ${max} ${what}, not ${s[k]}, so it has ${max}.`); s[k] = max; }
    };
    cap("phone", s.people, "people by phone or post");
    cap("phonelarge", Math.min(s.phone, s.large), "people at home who need large print");
    cap("large", s.people - s.phone + s.phonelarge, "people who need large print");
    return out;
  }
  const S = () => { const s = Object.assign({}, state); fit(s); return s; };  /* the numbers the plan uses */
  /* "for 8 people: 2 in large print, 1 by phone or post" */
  const who = s => plural(s.people, "person", "people") + (s.large || s.phone ? ": " + list([s.large && s.large + " in large print",
    s.phone && s.phone + " by phone or post"].filter(Boolean)) : "");
  const whole = (v, lo, hi) => (/^\d{1,3}$/.test(v) && +v >= lo && +v <= hi ? +v : null);
  const find = k => state.items.findIndex(it => String(it.key) === String(k));
  /* What planner-pack.js uses; it sets P.more and P.build. */
  const P = (window.toolkitPlanner = { data, packs, $, esc, list, plural, length, clock, label, minutesOf, chosen,
    total, ends, startAt, S, who, says, packEl });
  /* --- The address ------------------------------------------------------------------------ */
  /* "phone=yes" (one person by phone or post) is how addresses said it before they said how
     many: those bookmarked and sent still open the same plan. */
  function toHash(s) {
    const p = new URLSearchParams();
    if (s.title) p.set("title", s.title);
    p.set("start", s.start);
    NUMS.forEach((k, i) => (s[k] || i < 2) && p.set(k, s[k]));
    s.items.forEach(it => p.append("item", it.a || `${it.name}, ${it.minutes} minutes`));
    return p.toString();
  }
  function readItem(v) {
    if (/^\d{1,3}$/.test(v)) return acts[+v] ? { a: +v } : null;
    const m = /^(.{1,60}), (\d{1,3}) minutes?$/.exec(v.trim());
    return m && whole(m[2], 1, 240) ? { name: m[1], minutes: +m[2] } : null;
  }
  function fromHash(hash) {
    const s = fresh(), left = [], got = {};
    new URLSearchParams(hash).forEach((v, k) => {
      let ok = true, n;
      if (k === "title") s.title = v.trim().slice(0, 80);
      else if (k === "start") ok = /^([01]\d|2[0-3]):[0-5]\d$/.test(v) && !!(s.start = v);
      else if (k === "phone" && v === "yes") s.phone = 1;
      else if (NUMS.includes(k)) ok = (n = whole(v, k === "people" ? 1 : 0, 200)) !== null && ((s[k] = n), true);
      else if (k === "item") {
        const it = readItem(v);
        ok = !!it && !(it.a && has(s, it.a)) && s.items.length < 40;
        if (ok) s.items.push(Object.assign(it, { key: ++key }));
      } else ok = false;
      if (ok) got[k] = 1;
      else left.push(`“${k}=${v}”`);
    });
    const missed = [["start", "the start time", "a start at " + s.start], ["people", "how many people take part", plural(s.people, "person", "people")],
      ["large", "how many need large print", lpw(s.large)]].filter(x => !got[x[0]]);
    return [s, [left.length ? `Part of this page’s address could not be read, so the plan leaves out ${list(left)}.` : "",
      missed.length ? `The address did not say ${list(missed.map(x => x[1]))}, so the plan has ${list(missed.map(x => x[2]))}: check below.` : "",
      ...fit(s)].filter(Boolean)];
  }
  function write() {
    written = state.items.length ? toHash(S()) : "";
    const url = location.href.split("#")[0] + (written ? "#" + written : "");
    try { history.replaceState(history.state, "", url); } catch (e) { location.replace(url); }
  }
  function readAddress() {  /* false: no plan here, only an anchor on the page */
    let hash = location.hash.slice(1), left = [];
    try { hash = decodeURIComponent(hash); } catch (e) { /* read as it is */ }
    if (plans[hash]) {
      state = Object.assign(fresh(), { title: plans[hash].title });
      state.items = plans[hash].items.map(i => (typeof i === "number" ? { a: i } : { name: i[0], minutes: i[1] }));
      state.items.forEach(it => { it.key = ++key; });
      write();
    } else if (location.hash.includes("=")) {
      [state, left] = fromHash(location.hash.slice(1));
      written = location.hash.slice(1);
    } else return false;
    notice.hidden = !left.length;
    notice.textContent = left.join(" ");
    return true;
  }
  /* "Your plan" into view, and the focus on it when a person asked for it */
  const show = focus => { head.scrollIntoView(); if (focus) head.focus({ preventScroll: 1 }); };

  const ready = (P.ready = () => !!P.more && chosen().every(a => packs[a.n]));
  function fetchScript(name, src) {
    if (loading[name]) return;
    loading[name] = true;
    delete failed[name];
    const s = document.createElement("script");
    s.src = src;
    s.onload = later;
    s.onerror = () => { s.remove(); loading[name] = false; failed[name] = 1; later(); };
    document.head.append(s);
  }
  function load() {
    if (chosen().length && !P.more) fetchScript("more", data.more);
    chosen().filter(a => !packs[a.n]).forEach(a => fetchScript(a.n, a.pack));
  }
  /* What stops the pack from printing yet, in words */
  function waiting() {
    return Object.keys(failed).some(k => k > "a" || has(state, +k)) ?
      "Part of the planner could not be loaded, so the pack cannot be printed yet. Check the connection and try again." : "";
  }

  /* --- On screen ---------------------------------------------------------------------------- */
  const button = (act, text, it) => h("button", { type: "button", class: "planner-move", "data-do": act,
    "data-key": it.key, "aria-label": `${text}: ${label(it)}` }, text);
  function render() {
    const set = (el, v) => { if (el !== document.activeElement && el.value !== String(v)) el.value = v; };
    set(f.title, state.title); set(f.start, state.start);
    NUMS.forEach(k => set(f[k], state[k]));
    f.phonelarge.parentNode.hidden = !state.phone;
    root.querySelectorAll(".planner-options input").forEach(cb => { cb.checked = has(state, +cb.value); });
    let t = startAt();
    const n = state.items.length, s = S(), sum = $(".planner-summary");
    agenda.replaceChildren(...state.items.map((it, i) => {
      const m = minutesOf(it), a = acts[it.a], notes = [];
      const li = h("li", { "data-key": it.key }, h("span", { class: "planner-grip", "aria-hidden": "true" }, "↕"), " ",
        h("span", { class: "planner-when" }, `${clock(t)} to ${clock(t + m)}`), " ",
        a ? h("a", { href: a.url }, label(it)) : h("strong", null, label(it)), ` (${length(m)})`);
      t += m;
      if (a && a.min && (s.people < a.min || s.people > a.max)) notes.push(`It suits ${a.min} to ${a.max} people.`);
      if (a && s.phone && !a.formats.includes("phone-or-post"))
        notes.push("It does not work by phone or post: see its notes for people who are not online.");
      if (notes.length) li.append(h("span", { class: "planner-warn" }, h("strong", null, "Warning: "), notes.join(" ")));
      const moves = h("span", { class: "planner-moves" }, button("up", "Move up", it), " ",
        button("down", "Move down", it), " ", button("remove", "Remove", it));
      if (i === 0) moves.children[0].setAttribute("aria-disabled", "true");
      if (i === n - 1) moves.children[1].setAttribute("aria-disabled", "true");
      li.append(moves);
      return li;
    }));
    toList.href = toList.getAttribute("href").split("#")[0] + (written ? "#" + written : "");  /* the list adds to this plan */
    $(".planner-empty").hidden = n > 0;
    $(".planner-full").hidden = sum.hidden = !n;
    const times = `The session starts at ${state.start} and finishes at ${ends()}.`;
    $(".planner-total").textContent = n ? `Total time: ${length(total())}. ` + times : "";
    sum.replaceChildren(`${state.title || "Your plan"}: ${plural(n, "part", "parts")} for ${who(s)}. ${times} `,
      h("a", { href: "#your-plan" }, "Go to your plan"));
    packEl.removeAttribute("data-ready");
    packEl.textContent = "";
    P.stale = 1;
    document.documentElement.classList.remove("planner-packed");
    if (n && ready()) P.more();  /* what you need, before the day; the pack is built to print */
    else {
      const bad = waiting(), w = bad || "Getting the activities’ notes…";
      says.replaceChildren(w, ...(bad ? [" ", h("button", { type: "button", class: "md-button", "data-action": "retry" }, "Try again")] : []));
      $(".planner-needs").textContent = "";
      $(".planner-before").textContent = "";
    }
  }
  function later() {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; render(); }); }
  }

  /* --- Changes ------------------------------------------------------------------------------- */
  const say = text => { status.textContent = status.textContent === text ? text + "\u00a0" : text; };
  function changed(message, focus) {
    write();
    load();
    render();
    if (focus && $(focus)) $(focus).focus();
    if (message) say(message + (state.items.length ? ` The session now finishes at ${ends()}.` : ""));
  }
  function move(from, to, focus) {
    const it = state.items.splice(from, 1)[0];
    state.items.splice(to, 0, it);
    changed(`Moved ${label(it)} to number ${to + 1} of ${state.items.length}.`, focus && `[data-do="${focus}"][data-key="${it.key}"]`);
  }
  const add = (it, what) => { state.items.push(Object.assign(it, { key: ++key })); changed(`Added ${what}, at number ${state.items.length} in the plan.`); };

  $(".planner-form").addEventListener("submit", e => e.preventDefault());
  root.addEventListener("change", e => {
    const el = e.target, n = +el.value;
    if (el.closest(".planner-options")) {
      if (el.checked && !has(state, n)) add({ a: n }, label({ a: n }));
      else if (!el.checked && has(state, n)) { state.items.splice(state.items.findIndex(it => it.a === n), 1); changed(`Removed ${label({ a: n })}.`); }
    } else if (NUMS.includes(el.id.slice(8)) || el === f.start) {
      const said = fit(state);
      el.value = state[el.id.slice(8)];  /* an empty or impossible value goes back to the last good one */
      changed(said.join(" "));
    }
  });
  root.addEventListener("input", e => {
    const el = e.target, v = el.value, k = el.id.slice(8);
    let n;
    if (el === f.title) state.title = v.trim().slice(0, 80);
    else if (el === f.start && /^\d\d:\d\d$/.test(v)) state.start = v;
    else if (NUMS.includes(k) && (n = whole(v, k === "people" ? 1 : 0, 200)) !== null) state[k] = n;
    else return;
    changed();
  });
  root.addEventListener("click", e => {
    if (e.target.closest("a[href='#your-plan']")) { e.preventDefault(); show(1); return; }
    const b = e.target.closest("button");
    if (!b) return;
    const act = b.dataset.action || b.dataset.do, i = find(b.dataset.key), it = state.items[i];
    if (act === "add-break") {
      const name = f["break-name"].value.replace(/\s+/g, " ").trim().slice(0, 60) || D.breakName;
      const m = whole(f["break-minutes"].value, 1, 240);
      if (m === null) { say("A break is between 1 and 240 minutes long."); f["break-minutes"].focus(); return; }
      add({ name, minutes: m }, `${name}, ${length(m)}`);
    } else if (act === "print") {
      if (!ready()) { say(waiting() || "Getting the activities’ notes…"); load(); return; }
      P.build();
      window.print();
    } else if (act === "retry") {
      for (const k in failed) delete failed[k];
      load();
      render();
      say("Trying again to load the activities’ notes.");
    } else if (act === "remove") {
      state.items.splice(i, 1);
      const next = state.items[Math.min(i, state.items.length - 1)];
      changed(`Removed ${label(it)}.`, next ? `[data-do="remove"][data-key="${next.key}"]` : ".planner-plan-heading");
    } else if (act) {
      const to = i + (act === "up" ? -1 : 1);
      if (to < 0 || to >= state.items.length) say(`${label(it)} is already ${to < 0 ? "first" : "last"}.`);
      else move(i, to, act);
    }
  });
  /* Reordering by dragging an item's ↕ grip onto another item's place, with a mouse or on a
     touch screen (pointer events do both; the buttons do the same by keyboard). */
  agenda.addEventListener("pointerdown", e => {
    const g = e.target.closest(".planner-grip");
    dragKey = g && g.parentNode.dataset.key;
  });
  addEventListener("pointerup", e => {
    const over = dragKey && document.elementFromPoint(e.clientX, e.clientY), li = over && over.closest(".planner-agenda li");
    const from = find(dragKey), to = li ? find(li.dataset.key) : -1;
    dragKey = null;
    if (from >= 0 && to >= 0 && to !== from) move(from, to);
  });
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) === written) return;
    if (readAddress()) { load(); render(); show(1); say(`Opened the plan${state.title ? ` “${state.title}”` : ""}.`); }
    else if (state.items.length) setTimeout(write);  /* an anchor was followed: keep the plan in the address */
  });

  const opened = readAddress();
  if (!opened) state = fresh();
  head.tabIndex = -1;
  load();
  render();
  if (opened) addEventListener("load", () => { render(); show(); });  /* the plan in full, then into view */
})();
