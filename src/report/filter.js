(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  var keys = ["worker", "rule", "principle", "severity", "status"];
  var PREFIX = "#filter?";
  var items = document.querySelectorAll("[data-filter]");
  var status = document.getElementById("filter-status");
  function chosen() {
    var values = {};
    keys.forEach(function (key) {
      var select = form.elements[key];
      if (select && select.value) values[key] = select.value;
    });
    return values;
  }
  // An element matches when, for each chosen key it carries, one of its
  // values (separated by "|") is the chosen one; keys it lacks do not apply.
  function matches(element, values) {
    for (var key in values) {
      var own = element.getAttribute("data-" + key);
      if (own !== null && own.split("|").indexOf(values[key]) < 0) return false;
    }
    return true;
  }
  function apply(values) {
    var shown = 0, records = 0;
    Array.prototype.forEach.call(items, function (element) {
      var visible = matches(element, values);
      element.hidden = !visible;
      if (element.getAttribute("data-filter") === "record") {
        records++;
        if (visible) shown++;
      }
    });
    // A group (an entry's findings, a triage concern) with nothing left in it goes too.
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter-group]"), function (group) {
      var members = group.querySelectorAll("[data-filter]");
      var any = Array.prototype.some.call(members, function (m) { return !m.hidden; });
      group.hidden = members.length > 0 && !any;
    });
    var active = Object.keys(values).length > 0;
    status.textContent = active
      ? "Filtered: " + shown + " of " + records + " records shown."
      : "";
  }
  function fromHash() {
    var values = {};
    if (location.hash.indexOf(PREFIX) !== 0) return null;
    location.hash.slice(PREFIX.length).split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at < 0) return;
      var key = decodeURIComponent(pair.slice(0, at));
      if (keys.indexOf(key) >= 0) values[key] = decodeURIComponent(pair.slice(at + 1));
    });
    return values;
  }
  function show(values) {
    keys.forEach(function (key) {
      var select = form.elements[key];
      if (select) select.value = values[key] || "";
    });
    apply(chosen());
  }
  function changed() {
    var values = chosen();
    var pairs = Object.keys(values).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(values[key]);
    });
    var url = location.pathname + location.search + (pairs.length ? PREFIX + pairs.join("&") : "");
    history.replaceState(null, "", url);
    apply(values);
  }
  // A link into a collapsed table opens it.
  function reveal() {
    if (location.hash.length < 2 || location.hash.indexOf(PREFIX) === 0) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  form.addEventListener("change", changed);
  form.addEventListener("reset", function () { setTimeout(changed, 0); });
  window.addEventListener("hashchange", function () {
    var values = fromHash();
    if (values) show(values); else reveal();
  });
  form.hidden = false;
  var initial = fromHash();
  if (initial) show(initial); else reveal();
  form.setAttribute("data-filters", "ready");
})();
