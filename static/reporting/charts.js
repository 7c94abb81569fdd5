/* Draw the report charts. Each <canvas data-chart-source="ID"> reads its data from the
   <script type="application/json" id="ID"> that json_script wrote next to it; the same
   figures are in the table below each chart, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  // Dark, distinct colours: each has a contrast of at least 4.5:1 against white.
  var PALETTE = ["#1d4f91", "#a34700", "#2b6a2f", "#6a3d9a", "#a3212a", "#00606b", "#5c5c5c"];
  var TEXT = "#212529";

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart-source"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 2,
        pointRadius: 3,
        fill: false
      };
    });
    var valueAxis = { stacked: spec.stacked, beginAtZero: true, ticks: { color: TEXT, precision: 0 } };
    var labelAxis = { stacked: spec.stacked, ticks: { color: TEXT } };
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: datasets.length > 1, labels: { color: TEXT } },
          tooltip: { enabled: true }
        },
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  // Charts keep their screen size on paper unless they are told the page changed.
  function resizeAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    Object.values(window.Chart.instances).forEach(function (chart) {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
