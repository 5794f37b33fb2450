/* The session planner (docs/plan.md): the plan, its address and its agenda. What it knows of the
   activities the build writes into the page from their front matter (hooks/planner.py,
   #planner-data). Once an activity is chosen it loads planner-pack.js (what you need, before the
   day, the printed pack) and, for each activity, what the build took from its page
   (assets/planner/): scripts, because the offline copy, opened from file://, cannot fetch() a
   file. The plan lives in the address, after the "#": no cookie, no storage, nothing sent. */
(() => {
  "use strict";
  const root = document.querySelector(".planner"), dataEl = document.getElementById("planner-data");
  if (!root || !dataEl) return;
  const data = JSON.parse(dataEl.textContent), D = data.defaults, acts = {}, plans = {}, loading = {};
  data.activities.forEach((a) => { acts[a.n] = a; });
  data.plans.forEach((p) => { plans[p.id] = p; });
  const packs = (window.toolkitPack = window.toolkitPack || {});
  const $ = (sel) => root.querySelector(sel);
  const agenda = $(".planner-agenda"), status = $(".planner-status"), notice = $(".planner-notice");
  const packEl = $(".planner-pack"), f = {};
  for (const k of ["title", "start", "people", "large", "phone", "break-name", "break-minutes"]) f[k] = $("#planner-" + k);
  let state, written = "", dragKey = null, key = 0, pending = false;

  const fresh = () => ({ title: "", start: D.start, people: D.people, large: D.large, phone: false, items: [] });
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const k in attrs || {}) el.setAttribute(k, attrs[k]);
    el.append(...kids);
    return el;
  };
  const list = (w) => (w.length < 2 ? w.join("") : w.slice(0, -1).join(", ") + " and " + w[w.length - 1]);
  const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
  const length = (m) => [m >= 60 ? plural(Math.floor(m / 60), "hour", "hours") : "",
    m % 60 || m < 60 ? plural(m % 60, "minute", "minutes") : ""].filter(Boolean).join(" ");
  const two = (n) => String(n).padStart(2, "0");
  const clock = (m) => two(Math.floor(m / 60) % 24) + ":" + two(m % 60);
  const startAt = () => +state.start.slice(0, 2) * 60 + +state.start.slice(3);
  const minutesOf = (it) => (it.a ? acts[it.a].minutes : it.minutes);
  const label = (it) => (it.a ? `Activity ${it.a}: ${acts[it.a].title}` : it.name);
  const chosen = () => state.items.filter((it) => it.a).map((it) => acts[it.a]);
  const has = (s, n) => s.items.some((it) => it.a === n);
  const total = () => state.items.reduce((t, it) => t + minutesOf(it), 0);
  const ends = () => clock(startAt() + total());
  const groups = () => Math.max(1, Math.ceil(state.people / data.smallGroup));
  const lp = () => Math.min(state.large, state.people);  /* never more than take part */
  const whole = (v, lo, hi) => (/^\d{1,3}$/.test(v) && +v >= lo && +v <= hi ? +v : null);
  const find = (k) => state.items.findIndex((it) => String(it.key) === String(k));
  /* What planner-pack.js uses; it sets P.more and P.build. */
  const P = (window.toolkitPlanner = { data, packs, root, $, h, esc, list, plural, length, clock, label, minutesOf,
    chosen, total, ends, startAt, groups, lp, state: () => state });

  /* --- The address ------------------------------------------------------------------------ */
  function toHash(s) {
    const p = new URLSearchParams();
    if (s.title) p.set("title", s.title);
    p.set("start", s.start);
    p.set("people", s.people);
    p.set("large", Math.min(s.large, s.people));
    if (s.phone) p.set("phone", "yes");
    s.items.forEach((it) => p.append("item", it.a || `${it.name}, ${it.minutes} minutes`));
    return p.toString();
  }
  function readItem(v) {
    if (/^\d{1,3}$/.test(v)) return acts[+v] ? { a: +v } : null;
    const m = /^(.{1,60}), (\d{1,3}) minutes?$/.exec(v.trim());
    return m && whole(m[2], 1, 240) ? { name: m[1], minutes: +m[2] } : null;
  }
  function fromHash(hash) {
    const s = fresh(), left = [];
    new URLSearchParams(hash).forEach((v, k) => {
      let ok = true, n;
      if (k === "title") s.title = v.trim().slice(0, 80);
      else if (k === "start") ok = /^([01]\d|2[0-3]):[0-5]\d$/.test(v) && !!(s.start = v);
      else if (k === "people") ok = (n = whole(v, 1, 200)) !== null && !!(s.people = n);
      else if (k === "large") ok = (n = whole(v, 0, 200)) !== null && ((s.large = n), true);
      else if (k === "phone") ok = v === "yes" && (s.phone = true);
      else if (k === "item") {
        const it = readItem(v);
        ok = !!it && !(it.a && has(s, it.a)) && s.items.length < 40;
        if (ok) s.items.push(Object.assign(it, { key: ++key }));
      } else ok = false;
      if (!ok) left.push((k === "item" ? "the item" : k === "start" ? "the start time" : `“${k}”`) + ` “${v}”`);
    });
    if (s.large > s.people) { left.push("large print for more people than take part"); s.large = s.people; }
    return [s, left];
  }
  function write() {
    written = state.items.length ? toHash(state) : "";
    const url = location.href.split("#")[0] + (written ? "#" + written : "");
    try { history.replaceState(history.state, "", url); } catch (e) { location.replace(url); }
  }
  function readAddress() {  /* false: no plan here, only an anchor on the page */
    let hash = location.hash.slice(1), left = [];
    try { hash = decodeURIComponent(hash); } catch (e) { /* read as it is */ }
    if (plans[hash]) {
      state = Object.assign(fresh(), { title: plans[hash].title });
      state.items = plans[hash].items.map((i) => (typeof i === "number" ? { a: i } : { name: i[0], minutes: i[1] }));
      state.items.forEach((it) => { it.key = ++key; });
      write();
    } else if (location.hash.includes("=")) {
      [state, left] = fromHash(location.hash.slice(1));
      written = location.hash.slice(1);
    } else return false;
    notice.hidden = !left.length;
    notice.textContent = left.length ? `Part of this page’s address could not be read, so the plan leaves out ${list(left)}.` : "";
    return true;
  }

  const ready = (P.ready = () => !!P.more && chosen().every((a) => packs[a.n]));
  function fetchScript(name, src) {
    if (loading[name]) return;
    loading[name] = true;
    const s = document.createElement("script");
    s.src = src;
    s.onload = later;
    s.onerror = () => { loading[name] = false; say("Part of the planner could not be loaded. Try again in a moment."); };
    document.head.append(s);
  }
  function load() {
    const wanted = chosen().filter((a) => !packs[a.n]);
    if (chosen().length && !P.more) fetchScript("more", data.more);
    wanted.forEach((a) => fetchScript(a.n, a.pack));
  }

  /* --- On screen ---------------------------------------------------------------------------- */
  const button = (act, text, it) => h("button", { type: "button", class: "planner-move", "data-do": act,
    "data-key": it.key, "aria-label": `${text}: ${label(it)}` }, text);
  function render() {
    const set = (el, v) => { if (el !== document.activeElement && el.value !== String(v)) el.value = v; };
    set(f.title, state.title); set(f.start, state.start); set(f.people, state.people); set(f.large, state.large);
    f.phone.checked = state.phone;
    root.querySelectorAll(".planner-options input").forEach((cb) => { cb.checked = has(state, +cb.value); });
    let t = startAt();
    const n = state.items.length;
    agenda.replaceChildren(...state.items.map((it, i) => {
      const m = minutesOf(it), a = acts[it.a], notes = [];
      const li = h("li", { draggable: "true", "data-key": it.key },
        h("span", { class: "planner-when" }, `${clock(t)} to ${clock(t + m)}`), " ",
        a ? h("a", { href: a.url }, label(it)) : h("strong", null, label(it)), ` (${length(m)})`);
      t += m;
      if (a && a.min && (state.people < a.min || state.people > a.max)) notes.push(`It suits ${a.min} to ${a.max} people.`);
      if (a && state.phone && !a.formats.includes("phone-or-post"))
        notes.push("It does not work by phone or post: its notes for people who are not online say what to offer them instead.");
      if (notes.length) li.append(h("span", { class: "planner-warn" }, notes.join(" ")));
      const moves = h("span", { class: "planner-moves" }, button("up", "Move up", it), " ",
        button("down", "Move down", it), " ", button("remove", "Remove", it));
      if (i === 0) moves.children[0].setAttribute("aria-disabled", "true");
      if (i === n - 1) moves.children[1].setAttribute("aria-disabled", "true");
      li.append(moves);
      return li;
    }));
    $(".planner-empty").hidden = n > 0;
    $(".planner-full").hidden = !n;
    $(".planner-total").textContent = n ? `Total time: ${length(total())}. The session starts at ${state.start} and finishes at ${ends()}.` : "";
    packEl.removeAttribute("data-ready");
    if (n && ready()) P.more();  /* what you need, before the day; the pack is built to print */
    else {
      packEl.textContent = "";
      document.documentElement.classList.remove("planner-packed");
      $(".planner-needs").innerHTML = "<li>Getting the activities’ notes…</li>";
      $(".planner-before").innerHTML = P.shownBefore = "";
    }
  }
  function later() {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; render(); }); }
  }

  /* --- Changes ------------------------------------------------------------------------------- */
  const say = (text) => { status.textContent = status.textContent === text ? text + "\u00a0" : text; };
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

  $(".planner-form").addEventListener("submit", (e) => e.preventDefault());
  root.addEventListener("change", (e) => {
    const el = e.target, n = +el.value;
    if (el.closest(".planner-options")) {
      if (el.checked && !has(state, n)) add({ a: n }, label({ a: n }));
      else if (!el.checked && has(state, n)) { state.items.splice(state.items.findIndex((it) => it.a === n), 1); changed(`Removed ${label({ a: n })}.`); }
    } else if (el === f.phone) {
      state.phone = el.checked;
      changed(`The pack ${el.checked ? "now has" : "leaves out"} the notes for people who are not online.`);
    } else if (el === f.people || el === f.large || el === f.start) {
      state.large = lp();
      el.value = state[el.id.slice(8)];  /* an empty or impossible value goes back to the last good one */
      changed();
    }
  });
  root.addEventListener("input", (e) => {
    const el = e.target, v = el.value;
    let n;
    if (el === f.title) state.title = v.trim().slice(0, 80);
    else if (el === f.start && /^\d\d:\d\d$/.test(v)) state.start = v;
    else if (el === f.people && (n = whole(v, 1, 200)) !== null) state.people = n;
    else if (el === f.large && (n = whole(v, 0, 200)) !== null) state.large = n;
    else return;
    changed();
  });
  root.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    const act = b.dataset.action || b.dataset.do, i = find(b.dataset.key), it = state.items[i];
    if (act === "add-break") {
      const name = f["break-name"].value.replace(/\s+/g, " ").trim().slice(0, 60) || D.breakName;
      const m = whole(f["break-minutes"].value, 1, 240);
      if (m === null) { say("A break is between 1 and 240 minutes long."); f["break-minutes"].focus(); return; }
      add({ name, minutes: m }, `${name}, ${length(m)}`);
    } else if (act === "print") {
      if (!ready()) { load(); say("Getting the activities’ pages ready to print. Try again in a moment."); return; }
      P.build();
      window.print();
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
  agenda.addEventListener("dragstart", (e) => {
    const li = e.target.closest && e.target.closest("li");
    if (!li) return;
    dragKey = li.dataset.key;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", label(state.items[find(dragKey)]));
  });
  agenda.addEventListener("dragover", (e) => { if (dragKey !== null) e.preventDefault(); });
  agenda.addEventListener("drop", (e) => {
    const li = e.target.closest && e.target.closest("li"), from = find(dragKey);
    dragKey = null;
    if (!li || from < 0) return;
    e.preventDefault();
    const to = find(li.dataset.key);
    if (to >= 0 && to !== from) move(from, to);
  });
  agenda.addEventListener("dragend", () => { dragKey = null; });
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) === written) return;
    if (readAddress()) { load(); render(); say(`Opened the plan${state.title ? ` “${state.title}”` : ""}.`); }
    else if (state.items.length) setTimeout(write);  /* an anchor was followed: keep the plan in the address */
  });

  if (!readAddress()) state = fresh();
  $(".planner-plan-heading").tabIndex = -1;
  load();
  render();
})();
