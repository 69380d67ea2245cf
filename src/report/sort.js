Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
  if (!table.tHead || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function key(row, i) {
    var cell = row.cells[i];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }
  function sortBy(i, ascending) {
    var numeric = heads[i].getAttribute("data-type") === "number";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      if (!order) order = a.getAttribute("data-order") - b.getAttribute("data-order");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var j = 0; j < heads.length; j++) heads[j].setAttribute("aria-sort", "none");
    heads[i].setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(heads, function (head, i) {
    var button = document.createElement("button");
    button.type = "button";
    while (head.firstChild) button.appendChild(head.firstChild);
    head.appendChild(button);
    head.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      sortBy(i, head.getAttribute("aria-sort") !== "ascending");
    });
  });
  var hint = document.getElementById(table.id + "-sort-hint");
  if (hint) hint.hidden = false;
  table.setAttribute("data-sortable", "ready");
});
