/* Filters above the list of activities, and above the session planner's activities
   (hooks/activity_filters.py writes the form and each row's facts, from the activities' front
   matter). Without JavaScript the form is hidden (its CSS) and the whole list shows. The number
   of activities shown is announced (role="status"). An activity already in the plan stays shown.
   After Back, the browser puts the filters back as they were: the list follows them ("pageshow"). */
(function () {
  "use strict";
  var form = document.querySelector(".activity-filters");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-activity][data-minutes]"));
  var count = form.querySelector(".activity-filters__count");
  function value(name) { var el = form.querySelector("[name=" + name + "]:checked"); return el ? el.value : ""; }
  function update() {
    var time = +value("time"), way = value("way"), topic = form.querySelector("#filter-topic").value;
    var people = parseInt(form.querySelector("#filter-people").value, 10), shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!time || +d.minutes <= time) && (!way || d.formats.split(" ").indexOf(way) >= 0) &&
        (!topic || d.topic === topic) && (!(people > 0) || !d.min || (+d.min <= people && people <= +d.max));
      row.hidden = !ok && !row.querySelector(":checked");
      if (!row.hidden) shown++;
    });
    count.textContent = shown === rows.length ? "Showing all " + shown + " activities." :
      shown ? "Showing " + shown + " of " + rows.length + " activities." :
      "No activity matches all of these. Try a longer time, or any way of meeting.";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  addEventListener("pageshow", update);
  update();
})();
