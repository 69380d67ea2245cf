// Runs in the harness copy of a report (see check.sh): axe-core's WCAG
// 2.x A and AA rules, and a layout check at the window's width, written into
// the page as JSON for `chromium --dump-dom` to read.
(function () {
  function done(result) {
    var out = document.createElement("pre");
    out.id = "browser-check";
    out.textContent = JSON.stringify(result);
    document.body.appendChild(out);
  }
  // Anything wider than its box: the page itself, and each scrolling box.
  function overflowing() {
    var found = [];
    var root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) {
      found.push({ what: "page", width: root.scrollWidth, box: window.innerWidth });
    }
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        var table = box.querySelector("table");
        found.push({ what: table ? "table#" + table.id : "table-wrap", width: box.scrollWidth, box: box.clientWidth });
      }
    });
    return found;
  }
  var layout = overflowing();
  axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
    .then(function (results) {
      done({
        overflow: layout,
        violations: results.violations.map(function (v) {
          return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                   first: v.nodes.length ? v.nodes[0].target.join(" ") : "" };
        })
      });
    })
    .catch(function (error) { done({ error: String(error) }); });
})();
