/* Statistics page: draws the charts from the numbers the server put in data-chart (Chart.js from static/vendor). */
(() => {
  "use strict";
  const box = document.getElementById("charts");
  if (!box || typeof Chart === "undefined") return;
  const data = JSON.parse(box.dataset.chart);
  const blue = "#0b3d91";
  const green = "#0a6b2d";
  const amber = "#b36b00";
  const LINE = 24; // characters of a name per line beside a horizontal bar
  const ROW_PX = 44; // height per queue or desk: its two bars and up to two lines of its name
  const options = (extra) => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    locale: "es-BO",
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true } },
    ...extra,
  });

  // A name cut into lines of about LINE characters at its spaces (a list stays a list: one name per line).
  const wrap = (label) => [].concat(label).flatMap((part) => {
    const lines = [];
    String(part).split(" ").forEach((word) => {
      const last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= LINE) lines[last] += ` ${word}`;
      else lines.push(word);
    });
    return lines;
  });

  const bar = (id, labels, datasets) => {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, { type: "bar", data: { labels, datasets }, options: options() });
  };

  // Queues and desks have long names («Coordinador Técnico Comercial»): under a vertical bar they were rotated and
  // cut at the canvas' edge. Horizontal bars keep every name level and whole, wrapped beside its bars, and the
  // chart grows with the number of names. The tooltip names the queue or desk on one line.
  const rows = (id, labels, datasets) => {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    canvas.parentElement.style.height = `${Math.max(256, 90 + labels.length * ROW_PX)}px`;
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels.map(wrap), datasets },
      options: options({
        indexAxis: "y",
        scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { title: (items) => items.map((item) => [].concat(item.label).join(" ")) } },
        },
      }),
    });
  };

  bar("chart-hours", data.hours.labels, [
    { label: "Emitidas", data: data.hours.issued, backgroundColor: blue },
    { label: "Atendidas", data: data.hours.attended, backgroundColor: green },
  ]);
  rows("chart-queues", data.queues.labels, [
    { label: "Espera media", data: data.queues.mean, backgroundColor: blue },
    { label: "Espera p90", data: data.queues.p90, backgroundColor: amber },
  ]);
  rows("chart-desks", data.desks.labels, [
    { label: "Atención media", data: data.desks.mean, backgroundColor: green },
    { label: "Atención p90", data: data.desks.p90, backgroundColor: amber },
  ]);
})();
