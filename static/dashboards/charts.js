/* bmaplan dashboards: draw every [data-chart] from the json_script "dash-charts" with ECharts.
   No inline scripts (CSP); colours come with value labels and decal patterns. */
(function () {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999"];
  var FONT = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";

  function fmt(v) {
    if (v === null || v === undefined) return "–";
    return Number(v).toLocaleString("th-TH", { maximumFractionDigits: 2 });
  }

  function option(spec) {
    var base = {
      aria: { enabled: true, decal: { show: true } },
      textStyle: { fontFamily: FONT },
      color: PALETTE,
      tooltip: { trigger: spec.kind === "pie" ? "item" : "axis", valueFormatter: fmt },
      animation: false
    };
    if (spec.kind === "pie") {
      var s = spec.series[0];
      base.legend = { bottom: 0 };
      base.series = [{
        name: s.name, type: "pie", radius: ["35%", "65%"],
        label: { formatter: function (p) { return p.name + "\n" + fmt(p.value) + " (" + p.percent + "%)"; } },
        data: spec.categories.map(function (c, i) {
          return { name: c, value: s.data[i], itemStyle: s.colors ? { color: s.colors[i] } : undefined };
        })
      }];
      return base;
    }
    var horizontal = spec.kind === "hbar";
    var cat = { type: "category", data: spec.categories, inverse: horizontal,
                axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
    var val = { type: "value", name: spec.unit || "", axisLabel: { formatter: fmt } };
    base.grid = { left: horizontal ? 120 : 50, right: 40, top: 40, bottom: 40, containLabel: !horizontal };
    base.legend = spec.series.length > 1 ? { top: 0 } : undefined;
    base.xAxis = horizontal ? val : cat;
    base.yAxis = horizontal ? cat : val;
    base.series = spec.series.map(function (s) {
      var item = {
        name: s.name, type: spec.kind === "line" ? "line" : "bar", data: s.data,
        stack: spec.stacked ? "total" : undefined, connectNulls: false,
        label: { show: !spec.stacked || true, position: spec.stacked ? "inside" : (horizontal ? "right" : "top"),
                 formatter: function (p) { return (p.value === null || p.value === 0 && spec.stacked) ? "" : fmt(p.value); } }
      };
      if (s.color) item.itemStyle = { color: s.color };
      if (s.color && spec.kind === "line") item.lineStyle = { color: s.color };
      return item;
    });
    return base;
  }

  function draw() {
    var holder = document.getElementById("dash-charts");
    if (!holder || !window.echarts) return;
    var specs = JSON.parse(holder.textContent);
    var byId = {};
    specs.forEach(function (s) { byId[s.id] = s; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
      var spec = byId[el.getAttribute("data-chart")];
      if (!spec) return;
      el.style.height = (el.getAttribute("data-height") || 300) + "px";
      var c = window.echarts.init(el, null, { renderer: "svg" });
      c.setOption(option(spec));
      if (spec.links && spec.links.length) {
        c.on("click", function (p) { var url = spec.links[p.dataIndex]; if (url) window.location.href = url; });
      }
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { c.resize(); });
    });
    document.body.setAttribute("data-charts-ready", "1");
  }

  /* filters: changing a select submits the form (the URL keeps the view shareable) */
  document.addEventListener("change", function (e) {
    if (e.target.classList && e.target.classList.contains("auto-submit")) e.target.form.submit();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
