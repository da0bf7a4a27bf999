// The timeline: incidents per period, stacked by event type, with fatalities as a line.
// Click a bar, or drag across periods (a brush), to filter the map and the table to them.
import { t } from "./i18n.js";
import { typeLabel } from "./format.js";
import { TYPE_COLORS, typeColor } from "./util.js";

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

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

// First and last day (YYYY-MM-DD) of a period label of the given bucket.
export function periodRange(period, bucket) {
  if (bucket === "day") return [period, period];
  const y = Number(period.slice(0, 4));
  if (bucket === "month") {
    const m = Number(period.slice(5, 7));
    return [`${period}-01`, iso(Date.UTC(y, m, 0))];
  }
  // %W: week 00 holds the days before the year's first Monday; week n starts on that Monday
  // plus 7 (n - 1) days. A week never runs past 31 December (the rest is next year's week 00).
  const week = Number(period.slice(6));
  const jan1 = Date.UTC(y, 0, 1);
  const firstMonday = jan1 + ((8 - new Date(jan1).getUTCDay()) % 7) * 86400000;
  const start = week === 0 ? jan1 : firstMonday + (week - 1) * 7 * 86400000;
  const end = Math.min(week === 0 ? firstMonday - 86400000 : start + 6 * 86400000, Date.UTC(y, 11, 31));
  return [iso(start), iso(end)];
}

export class Timeline {
  // onSelect(since, until): a period was clicked or brushed.
  constructor(canvas, { onSelect } = {}) {
    this.canvas = canvas;
    this.onSelect = onSelect;
    this.bucket = "week";
    this.brush = document.createElement("div");
    this.brush.className = "brush";
    this.brush.hidden = true;
    canvas.parentElement.append(this.brush);
    this.installBrush();
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
            title: { display: true, text: t("timeline.incidents") },
          },
          y2: {
            position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 },
            title: { display: true, text: t("timeline.deaths") },
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
        type: "bar", label: typeLabel(type), data, stack: "incidents",
        backgroundColor: typeColor(type), yAxisID: "y", order: 2,
      };
    });
    for (const r of rows) deaths[index.get(r.period)] += r.fatalities || 0;
    datasets.push({
      type: "line", label: t("timeline.deaths_line"), data: deaths, yAxisID: "y2", order: 1,
      borderColor: "#20262e", backgroundColor: "#20262e", borderWidth: 1.5,
      pointRadius: periods.length > 60 ? 0 : 2, tension: 0.2,
    });
    this.bucket = bucket;
    this.chart.data.labels = periods;
    this.chart.data.datasets = datasets;
    this.chart.options.scales.y.title.text = t("timeline.incidents");
    this.chart.options.scales.y2.title.text = t("timeline.deaths");
    this.chart.update();
    return periods.length;
  }

  // Index of the period under x (pixels from the canvas' left edge), or null outside the axis.
  indexAt(x) {
    const scale = this.chart.scales.x;
    const n = this.chart.data.labels.length;
    if (!n || x < scale.left || x > scale.right) return null;
    const i = Math.round(scale.getValueForPixel(x));
    return Math.max(0, Math.min(n - 1, i));
  }

  drawBrush(a, b) {
    const scale = this.chart.scales.x;
    const n = this.chart.data.labels.length;
    const half = n > 1 ? Math.abs(scale.getPixelForValue(1) - scale.getPixelForValue(0)) / 2 : (scale.right - scale.left) / 2;
    const left = scale.getPixelForValue(Math.min(a, b)) - half;
    const right = scale.getPixelForValue(Math.max(a, b)) + half;
    Object.assign(this.brush.style, {
      left: `${Math.max(scale.left, left)}px`, width: `${Math.min(scale.right, right) - Math.max(scale.left, left)}px`,
      top: `${this.chart.chartArea.top}px`, height: `${this.chart.chartArea.bottom - this.chart.chartArea.top}px`,
    });
    this.brush.hidden = false;
  }

  // Pointer down, move, up over the canvas: one period (a click) or a span (a drag).
  installBrush() {
    let start = null;
    const x = (ev) => ev.clientX - this.canvas.getBoundingClientRect().left;
    this.canvas.addEventListener("pointerdown", (ev) => {
      start = this.indexAt(x(ev));
      if (start === null) return;
      this.canvas.setPointerCapture?.(ev.pointerId);
      this.drawBrush(start, start);
    });
    this.canvas.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const i = this.indexAt(x(ev));
      if (i !== null) this.drawBrush(start, i);
    });
    const finish = (ev) => {
      if (start === null) return;
      const end = this.indexAt(x(ev)) ?? start;
      const labels = this.chart.data.labels;
      const [a, b] = [Math.min(start, end), Math.max(start, end)];
      start = null;
      this.brush.hidden = true;
      if (this.onSelect && labels.length) {
        this.onSelect(periodRange(labels[a], this.bucket)[0], periodRange(labels[b], this.bucket)[1]);
      }
    };
    this.canvas.addEventListener("pointerup", finish);
    this.canvas.addEventListener("pointercancel", () => { start = null; this.brush.hidden = true; });
  }
}
