// The dashboard's trend charts, drawn with the vendored Apache ECharts (static/vendor/echarts) from
// the figures embedded in the page (#dashboard-trends, the same numbers as GET /api/v1/admin/stats).
// Tooltips render as rich text: HTML tooltips would need inline styles, which the CSP refuses.
document.addEventListener("DOMContentLoaded", function () {
  // The period selector: dates are asked for only with 自定义.
  var period = document.getElementById("f-period");
  if (period) {
    var toggle = function () {
      document.querySelectorAll(".period-dates").forEach(function (label) {
        label.classList.toggle("hidden", period.value !== "custom");
      });
    };
    period.addEventListener("change", toggle);
    toggle();
  }

  var source = document.getElementById("dashboard-trends");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var trends = data.trends;
  var occupations = (data.labels && data.labels.occupation) || {};
  var palette = ["#b71c1c", "#1456a0", "#1b7f3b", "#a86100", "#6a1b9a", "#00838f", "#5d4037", "#c2185b",
                 "#455a64", "#9e9d24"];

  function stacked(rows, name) {
    return rows.map(function (row) {
      return {name: name(row), type: "bar", stack: "total", data: row.counts, barMaxWidth: 28};
    });
  }
  function monthLabel(month) { return month.slice(2).replace("-", "/"); }  // 2026-07 → 26/07
  function dayLabel(day) { return day.slice(5); }                            // 2026-07-15 → 07-15

  var charts = {
    members_by_district: {x: trends.months.map(monthLabel), legend: true,
      series: stacked(trends.new_members_by_district, function (row) { return row.name; })},
    members_by_occupation: {x: trends.months.map(monthLabel), legend: true,
      series: stacked(trends.new_members_by_occupation, function (row) { return occupations[row.occupation] || row.occupation; })},
    legal_aid_cases: {x: trends.months.map(monthLabel),
      series: [{name: "案件", type: "bar", data: trends.legal_aid_cases, barMaxWidth: 28}]},
    pickups: {x: trends.days.map(dayLabel),
      series: [{name: "领取", type: "line", data: trends.pickups, showSymbol: false, areaStyle: {opacity: 0.15}}]}
  };

  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var spec = charts[box.getAttribute("data-chart")];
    if (!spec) return;
    var chart = echarts.init(box, null, {renderer: "canvas"});
    chart.setOption({
      color: palette,
      animation: false,
      tooltip: {trigger: "axis", renderMode: "richText", confine: true},
      legend: spec.legend ? {type: "scroll", bottom: 0, textStyle: {fontSize: 11}} : undefined,
      grid: {left: 8, right: 12, top: 12, bottom: spec.legend ? 36 : 8, containLabel: true},
      xAxis: {type: "category", data: spec.x, axisLabel: {fontSize: 11, hideOverlap: true}},
      yAxis: {type: "value", minInterval: 1, axisLabel: {fontSize: 11,
        formatter: function (v) { return v.toLocaleString("zh-CN"); }}},
      series: spec.series
    });
    box.setAttribute("data-drawn", "1");
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (chart) { chart.resize(); }); });
});
