/* Filters above the list of activities (hooks/planner/activity_filters.py writes the form and each row's
   facts, from the activities' front matter). Without JavaScript the form is hidden (its CSS)
   and the whole list shows. The number of activities shown is announced (role="status"). After
   Back, the browser puts the filters back as they were: the list follows them ("pageshow").
   Each activity not yet in the plan gets a link that adds it: the planner's link here carries
   its plan after the "#", as the planner's own address does (nothing is stored or sent). */
(function () {
  "use strict";
  var form = document.querySelector(".activity-filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".activity-list tr[data-activity]"));
  var count = form.querySelector(".activity-filters__count");
  function value(name) { var el = form.querySelector("[name=" + name + "]:checked"); return el ? el.value : ""; }
  function update() {
    var time = +value("time"), way = value("way"), topic = form.querySelector("#filter-topic").value;
    var people = parseInt(form.querySelector("#filter-people").value, 10), shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!time || +d.minutes <= time) && (!way || d.formats.split(" ").indexOf(way) >= 0) &&
        (!topic || d.topic === topic) && (!(people > 0) || !d.min || (+d.min <= people && people <= +d.max));
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown === rows.length ? "Showing all " + shown + " activities." :
      shown ? "Showing " + shown + " of " + rows.length + " activities." :
      "No activity matches all of these. Try a longer time, or any way of meeting.";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var plan = location.hash.slice(1), to = form.getAttribute("data-plan");
  if (!/(^|&)item=/.test(plan)) plan = "";
  rows.forEach(function (row) {
    var n = row.getAttribute("data-activity"), a = document.createElement("a");
    if (!to || new RegExp("(^|&)item=" + n + "(&|$)").test(plan)) return;  /* already in the plan */
    a.href = to + "#" + (plan ? plan + "&" : "") + "item=" + n;
    a.className = "activity-add";
    a.textContent = plan ? "Add to your plan" : "Plan a session";
    a.setAttribute("aria-label", a.textContent + ": Activity " + n);  /* the words shown, first */
    row.cells[1].append(" ", a);
  });
  addEventListener("pageshow", update);
  update();
})();
