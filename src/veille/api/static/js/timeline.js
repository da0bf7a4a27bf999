// The timeline: incidents per period, stacked by event type, with fatalities as a line.
import { TYPE_COLORS, TYPE_LABELS, typeColor } from "./util.js";

// SQLite's strftime labels: day %Y-%m-%d, week %Y-W%W (weeks start on Monday; days before the
// year's first Monday are week 00), month %Y-%m.
function label(d, bucket) {
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, "0");
  if (bucket === "month") return `${y}-${m}`;
  if (bucket === "day") return `${y}-${m}-${String(d.getUTCDate()).padStart(2, "0")}`;
  const yday = Math.round((d - Date.UTC(y, 0, 1)) / 86400000);
  const week = Math.floor((yday + 7 - ((d.getUTCDay() + 6) % 7)) / 7);
  return `${y}-W${String(week).padStart(2, "0")}`;
}

// Every period from the first to the last label, so that quiet periods show as gaps.
export function allPeriods(labels, bucket) {
  if (!labels.length) return [];
  const first = labels[0], last = labels[labels.length - 1];
  const out = [];
  const day = new Date(Date.UTC(Number(first.slice(0, 4)), 0, 1));
  const end = Date.UTC(Number(last.slice(0, 4)), 11, 31);
  for (; day <= end && out.length < 20000; day.setUTCDate(day.getUTCDate() + 1)) {
    const l = label(day, bucket);
    if (l >= first && l <= last && out[out.length - 1] !== l) out.push(l);
  }
  return out;
}

export class Timeline {
  constructor(canvas) {
    this.chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } } },
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true, font: { size: 11 } } },
          y: {
            stacked: true, beginAtZero: true, ticks: { precision: 0 },
            title: { display: true, text: "incidents" },
          },
          y2: {
            position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 },
            title: { display: true, text: "morts" },
          },
        },
      },
    });
  }

  // rows: [{period, event_type, incidents, fatalities}]
  update(rows, bucket) {
    const periods = allPeriods([...new Set(rows.map((r) => r.period))].sort(), bucket);
    const index = new Map(periods.map((p, i) => [p, i]));
    const types = [...new Set([...Object.keys(TYPE_COLORS), ...rows.map((r) => r.event_type)])]
      .filter((t) => rows.some((r) => r.event_type === t));
    const deaths = new Array(periods.length).fill(0);
    const datasets = types.map((type) => {
      const data = new Array(periods.length).fill(0);
      for (const r of rows) {
        if (r.event_type !== type) continue;
        data[index.get(r.period)] += r.incidents;
      }
      return {
        type: "bar", label: TYPE_LABELS[type] || type, data, stack: "incidents",
        backgroundColor: typeColor(type), yAxisID: "y", order: 2,
      };
    });
    for (const r of rows) deaths[index.get(r.period)] += r.fatalities || 0;
    datasets.push({
      type: "line", label: "Morts", data: deaths, yAxisID: "y2", order: 1,
      borderColor: "#20262e", backgroundColor: "#20262e", borderWidth: 1.5,
      pointRadius: periods.length > 60 ? 0 : 2, tension: 0.2,
    });
    this.chart.data.labels = periods;
    this.chart.data.datasets = datasets;
    this.chart.update();
    return periods.length;
  }
}
