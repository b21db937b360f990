/* bmaplan: small behaviours for the server-rendered pages (htmx does the requests). */
(function () {
  "use strict";

  function qsa(root, sel) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* ---- simple rich text: a contenteditable mirrored into a hidden textarea ---- */
  function syncRte(rte) {
    var body = rte.querySelector(".rte-body");
    var store = rte.querySelector("textarea");
    if (body && store) store.value = body.innerHTML;
  }
  document.addEventListener("input", function (e) {
    var rte = e.target.closest && e.target.closest(".rte");
    if (rte) syncRte(rte);
  });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest(".rte-toolbar button");
    if (!btn) return;
    e.preventDefault();
    var rte = btn.closest(".rte");
    rte.querySelector(".rte-body").focus();
    var cmd = btn.getAttribute("data-cmd");
    if (cmd === "table") {
      var html = "<table><tbody>";
      for (var r = 0; r < 3; r++) { html += "<tr>" + "<td>&nbsp;</td>".repeat(3) + "</tr>"; }
      document.execCommand("insertHTML", false, html + "</tbody></table><p></p>");
    } else if (cmd === "h2" || cmd === "h3" || cmd === "p") {
      document.execCommand("formatBlock", false, cmd);
    } else {
      document.execCommand(cmd, false, null);
    }
    syncRte(rte);
  });

  /* ---- statistics table editor: a grid of inputs serialised to JSON ---- */
  function syncGrid(grid) {
    var store = grid.querySelector("textarea.grid-store");
    var columns = qsa(grid, "thead input").map(function (i) { return i.value; });
    var rows = qsa(grid, "tbody tr").map(function (tr) {
      return qsa(tr, "input").map(function (i) { return i.value; });
    });
    var footer = qsa(grid, "tfoot input").map(function (i) { return i.value; });
    var data = { columns: columns, rows: rows };
    if (footer.some(function (v) { return v !== ""; })) data.footer = footer;
    store.value = columns.length ? JSON.stringify(data) : "";
  }
  document.addEventListener("input", function (e) {
    var grid = e.target.closest && e.target.closest(".grid-editor");
    if (grid) syncGrid(grid);
  });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-grid]");
    if (!btn) return;
    e.preventDefault();
    var grid = btn.closest(".grid-editor");
    var action = btn.getAttribute("data-grid");
    var width = qsa(grid, "thead input").length;
    function cell() { var td = document.createElement("td"); td.innerHTML = '<input type="text">'; return td; }
    if (action === "add-row") {
      var tr = document.createElement("tr");
      for (var i = 0; i < Math.max(width, 1); i++) tr.appendChild(cell());
      grid.querySelector("tbody").appendChild(tr);
    } else if (action === "add-col") {
      var th = document.createElement("th"); th.innerHTML = '<input type="text">';
      grid.querySelector("thead tr").appendChild(th);
      qsa(grid, "tbody tr, tfoot tr").forEach(function (r) { r.appendChild(cell()); });
    } else if (action === "del-row") {
      var rows = grid.querySelectorAll("tbody tr");
      if (rows.length) rows[rows.length - 1].remove();
    } else if (action === "del-col") {
      qsa(grid, "tr").forEach(function (r) { if (r.lastElementChild) r.lastElementChild.remove(); });
    }
    syncGrid(grid);
  });

  /* ---- searchable multi-select ---- */
  function refreshChips(picker) {
    var chips = picker.querySelector(".chips");
    if (!chips) return;
    chips.innerHTML = "";
    qsa(picker, ".picker-list input:checked").forEach(function (i) {
      var s = document.createElement("span");
      s.className = "chip";
      s.textContent = i.getAttribute("data-chip") || i.parentNode.textContent.trim();
      chips.appendChild(s);
    });
  }
  document.addEventListener("input", function (e) {
    if (!e.target.classList || !e.target.classList.contains("picker-search")) return;
    var picker = e.target.closest(".picker");
    var q = e.target.value.trim().toLowerCase();
    qsa(picker, ".picker-list label").forEach(function (l) {
      l.classList.toggle("hidden", q !== "" && l.textContent.toLowerCase().indexOf(q) === -1);
    });
  });
  document.addEventListener("change", function (e) {
    var picker = e.target.closest && e.target.closest(".picker");
    if (picker) refreshChips(picker);
  });

  /* ---- formset rows: add from a <template>, delete by ticking DELETE ---- */
  document.addEventListener("click", function (e) {
    var add = e.target.closest && e.target.closest("[data-add-row]");
    if (add) {
      e.preventDefault();
      var prefix = add.getAttribute("data-add-row");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var tpl = document.getElementById(prefix + "-empty");
      var index = parseInt(total.value, 10);
      var holder = document.createElement("tbody");
      holder.innerHTML = tpl.innerHTML.replace(/__prefix__/g, index);
      var row = holder.firstElementChild;
      document.getElementById(prefix + "-rows").appendChild(row);
      total.value = index + 1;
      var order = row.querySelector("[data-auto-order]");
      if (order) order.value = qsa(document.getElementById(prefix + "-rows"), "tr:not(.hidden)").length;
      if (window.htmx) window.htmx.process(row);
      recalcSteps(row.closest("table"));
      var first = row.querySelector("input[type=text], input:not([type]), textarea");
      if (first) first.focus();
      return;
    }
    var del = e.target.closest && e.target.closest("[data-del-row]");
    if (del) {
      e.preventDefault();
      var tr = del.closest("tr");
      var box = tr.querySelector("input[type=checkbox][name$='-DELETE']");
      if (box) { box.checked = true; tr.classList.add("hidden"); } else { tr.remove(); }
      recalcSteps(tr.closest("table"));
    }
  });

  /* ---- work steps: cumulative % live, Gantt cells highlighted ---- */
  function num(v) { var n = parseFloat(String(v).replace(/,/g, "")); return isNaN(n) ? 0 : n; }
  function recalcSteps(table) {
    if (!table || !table.classList.contains("steps")) return;
    var cum = 0;
    qsa(table, "tbody tr").forEach(function (tr) {
      if (tr.classList.contains("hidden")) return;
      var w = tr.querySelector("input[name$='-weight']");
      if (!w) return;
      cum += num(w.value);
      var cell = tr.querySelector(".cum");
      if (cell) cell.textContent = (Math.round(cum * 100) / 100).toFixed(2);
    });
    var total = table.querySelector(".steps-total");
    if (total) {
      total.textContent = (Math.round(cum * 100) / 100).toFixed(2);
      var ok = Math.abs(cum - 100) < 0.005;
      total.className = "steps-total " + (ok ? "cell-ok" : "cell-err");
      var note = table.querySelector(".steps-note");
      if (note) note.classList.toggle("hidden", ok);
    }
  }
  document.addEventListener("input", function (e) {
    var table = e.target.closest && e.target.closest("table.steps");
    if (table) recalcSteps(table);
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("table.gantt td.m input")) {
      e.target.closest("td").classList.toggle("on", e.target.checked);
    }
  });

  /* ---- scale editor: show the panes of the chosen kind ---- */
  function showScale(select) {
    var form = select.closest("form");
    var kind = select.value;
    qsa(form, "[data-scale-kinds]").forEach(function (el) {
      var kinds = el.getAttribute("data-scale-kinds").split(" ");
      el.classList.toggle("hidden", kinds.indexOf(kind) === -1);
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-scale-kind]")) showScale(e.target);
  });

  function init(root) {
    qsa(root, ".rte").forEach(syncRte);
    qsa(root, ".picker").forEach(refreshChips);
    qsa(root, "table.steps").forEach(recalcSteps);
    qsa(root, "select[data-scale-kind]").forEach(showScale);
  }
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("htmx:load", function (e) { init(e.target); });
  });
})();

// Behaviour that used to sit in inline on* attributes (the Content Security Policy forbids
// inline script): data-confirm asks before submitting, data-remove-closest removes an
// ancestor, data-clear-target empties another element.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm],[data-remove-closest],[data-clear-target]");
    if (!el) return;
    if (el.hasAttribute("data-confirm") && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    if (el.hasAttribute("data-remove-closest")) {
      var item = el.closest(el.getAttribute("data-remove-closest"));
      if (item) item.remove();
    }
    if (el.hasAttribute("data-clear-target")) {
      var target = document.querySelector(el.getAttribute("data-clear-target"));
      if (target) target.innerHTML = "";
    }
  }, true);
})();
