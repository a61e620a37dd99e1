/* Statistics page: draws the charts from the numbers the server put in data-chart (Chart.js from static/vendor). */
(() => {
  "use strict";
  const box = document.getElementById("charts");
  if (!box || typeof Chart === "undefined") return;
  const data = JSON.parse(box.dataset.chart);
  const blue = "#0b3d91";
  const green = "#0a6b2d";
  const amber = "#b36b00";
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: "es-BO",
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true } },
  };
  const bar = (id, labels, datasets) => {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, { type: "bar", data: { labels, datasets }, options });
  };
  bar("chart-hours", data.hours.labels, [
    { label: "Emitidas", data: data.hours.issued, backgroundColor: blue },
    { label: "Atendidas", data: data.hours.attended, backgroundColor: green },
  ]);
  bar("chart-queues", data.queues.labels, [
    { label: "Espera media", data: data.queues.mean, backgroundColor: blue },
    { label: "Espera p90", data: data.queues.p90, backgroundColor: amber },
  ]);
  bar("chart-desks", data.desks.labels, [
    { label: "Atención media", data: data.desks.mean, backgroundColor: green },
    { label: "Atención p90", data: data.desks.p90, backgroundColor: amber },
  ]);
})();
