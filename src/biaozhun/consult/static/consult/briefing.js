/* TBT briefing charts: trend lines, bars by member, heat map industry × market. The data
   comes from the page's json_script block "briefing-data". */
(function () {
  "use strict";
  var node = document.getElementById("briefing-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var charts = [];

  function init(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  init("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [data.names.current, data.names.previous] },
    grid: { left: 40, right: 16, top: 36, bottom: 32 },
    xAxis: { type: "category", data: data.trend.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.names.current, type: "line", data: data.trend.counts },
      { name: data.names.previous, type: "line", lineStyle: { type: "dashed" },
        data: data.trend.previous_year }
    ]
  });

  init("chart-members", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: { type: "category", data: data.members.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.members.counts, label: { show: true, position: "top" } }]
  });

  var values = data.heatmap.values;
  var peak = 1;
  values.forEach(function (v) { if (v[2] > peak) { peak = v[2]; } });
  init("chart-heatmap", {
    tooltip: { position: "top" },
    grid: { left: 110, right: 16, top: 16, bottom: 90 },
    xAxis: { type: "category", data: data.heatmap.markets, splitArea: { show: true } },
    yAxis: { type: "category", data: data.heatmap.industry_labels, splitArea: { show: true } },
    visualMap: { min: 0, max: peak, calculable: true, orient: "horizontal", left: "center",
                 bottom: 0, inRange: { color: ["#f1f5fb", "#206bc4"] } },
    series: [{ type: "heatmap", data: values, label: { show: true } }]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
