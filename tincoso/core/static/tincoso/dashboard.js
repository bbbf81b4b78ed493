// Draws the dashboard's two charts from the JSON the page embeds (no inline script).
(function () {
  var node = document.getElementById("chart-data");
  if (!node || !window.Chart) { return; }
  var data = JSON.parse(node.textContent);
  var units = document.getElementById("chart-units");
  if (units) {
    new Chart(units, {
      type: "bar",
      data: { labels: data.labels.map(function (l) { return l.length > 22 ? l.slice(0, 21) + "…" : l; }), datasets: [
        { label: units.dataset.received || "Văn bản nhận", data: data.received, backgroundColor: "#1d4ed8" },
        { label: units.dataset.acknowledged || "Đã tiếp nhận", data: data.acknowledged, backgroundColor: "#15803d" },
        { label: units.dataset.activities || "Hoạt động", data: data.activities, backgroundColor: "#b45309" }
      ] },
      options: { responsive: true, animation: false }
    });
  }
  var forms = document.getElementById("chart-forms");
  if (forms) {
    new Chart(forms, {
      type: "doughnut",
      data: { labels: Object.keys(data.forms), datasets: [{ data: Object.values(data.forms) }] },
      options: { responsive: true, animation: false, aspectRatio: 1.6 }
    });
  }
})();
