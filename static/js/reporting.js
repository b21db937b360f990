/* Monthly reporting pages: grid cells saved one by one, keyboard moves, live project %. */
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var i = document.querySelector("input[name=csrfmiddlewaretoken]");
    return i ? i.value : "";
  }

  // period pickers submit on change
  document.querySelectorAll("[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  document.querySelectorAll("[data-month-select]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var tpl = sel.form.getAttribute("data-month-nav");
      window.location = tpl.replace("0000-00", sel.value);
    });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });

  // --- grid ---
  var grid = document.getElementById("rep-grid");
  if (grid) {
    var url = grid.getAttribute("data-cell-url");
    var queue = Promise.resolve();
    var save = function (input) {
      var row = input.closest("tr");
      var status = row.querySelector(".rep-status");
      var value = input.value;
      if (input.getAttribute("data-saved") === value) return queue;
      queue = queue.then(function () {
        var body = new FormData();
        body.append("kind", row.getAttribute("data-kind"));
        body.append("item", row.getAttribute("data-item"));
        body.append("field", input.getAttribute("data-field"));
        body.append("value", value);
        body.append("version", row.getAttribute("data-version") || "");
        status.classList.add("rep-saving");
        return fetch(url, { method: "POST", body: body, credentials: "same-origin",
          headers: { "X-CSRFToken": csrf() } })
          .then(function (r) { return r.text().then(function (t) { return [r, t]; }); })
          .then(function (res) {
            status.classList.remove("rep-saving");
            status.innerHTML = res[1];
            var badge = status.querySelector("[data-version]");
            if (res[0].ok) {
              input.setAttribute("data-saved", value);
              input.classList.remove("rep-bad");
              input.classList.add("rep-ok");
              if (badge) row.setAttribute("data-version", badge.getAttribute("data-version"));
            } else {
              input.classList.add("rep-bad");
              if (res[0].status === 409 && badge) {
                row.setAttribute("data-version", badge.getAttribute("data-version"));
              }
            }
          })
          .catch(function () {
            status.classList.remove("rep-saving");
            status.textContent = "บันทึกไม่สำเร็จ (เครือข่าย) ค่าที่พิมพ์ยังอยู่ กรุณาลองอีกครั้ง";
            input.classList.add("rep-bad");
          });
      });
      return queue;
    };
    grid.querySelectorAll(".rep-cell").forEach(function (input) {
      input.setAttribute("data-saved", input.value);
      input.addEventListener("change", function () { save(input); });
    });
    var move = function (input, delta) {
      var cells = Array.prototype.slice.call(
        grid.querySelectorAll('.rep-cell[data-field="' + input.getAttribute("data-field") + '"]:not([disabled])'));
      var i = cells.indexOf(input) + delta;
      if (i >= 0 && i < cells.length) { cells[i].focus(); if (cells[i].select) cells[i].select(); }
    };
    grid.addEventListener("keydown", function (e) {
      var t = e.target;
      if (!t.classList || !t.classList.contains("rep-cell")) return;
      if (e.key === "Enter" || (t.tagName === "INPUT" && (e.key === "ArrowDown" || e.key === "ArrowUp"))) {
        e.preventDefault();
        save(t);
        move(t, (e.key === "ArrowUp" || (e.key === "Enter" && e.shiftKey)) ? -1 : 1);
      }
    });
    window.bmaplanGridIdle = function () { return queue; };
  }

  // --- project form: live cumulative % against the Gantt plan ---
  var steps = document.getElementById("rep-steps");
  if (steps) {
    var cum = document.getElementById("rep-cum");
    var planned = parseFloat(document.getElementById("rep-planned").getAttribute("data-planned")) || 0;
    var compare = document.getElementById("rep-compare");
    var update = function () {
      var total = 0;
      steps.querySelectorAll("input[type=checkbox]").forEach(function (c) {
        if (c.checked) total += parseFloat(c.getAttribute("data-weight")) || 0;
      });
      total = Math.min(total, 100);
      cum.textContent = total.toFixed(2);
      var diff = total - planned;
      compare.textContent = diff >= 0 ? "ตามแผนหรือเร็วกว่าแผน" : "ช้ากว่าแผน " + (-diff).toFixed(2) + "%";
      compare.className = "badge " + (diff >= 0 ? "badge-ok" : "badge-warn");
    };
    steps.addEventListener("change", update);
    update();
  }
})();
