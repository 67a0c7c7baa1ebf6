// The predicted retention curve (uPlot, vendored) with the drop-risk moments marked on it.

import { h, notMeasured, percent, seconds } from "./dom.js";

const SEVERITY_LABEL = { major: "major", moderate: "moderate", minor: "minor" };

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

// Linear interpolation of the curve at t, so a marker sits on the line.
export function retentionAt(curve, t) {
  if (t <= curve[0].t) return curve[0].retention;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1];
    const b = curve[i];
    if (t <= b.t) return a.retention + ((b.retention - a.retention) * (t - a.t)) / (b.t - a.t || 1);
  }
  return curve[curve.length - 1].retention;
}

export function retentionChart(curve, moments, seek) {
  if (!curve || !curve.length) {
    return h("div", { class: "chart-empty", "data-testid": "retention-chart-empty" },
      notMeasured("Retention curve: not measured"));
  }
  const risks = (moments || []).filter((m) => m.timestamp >= 0);
  const plot = h("div", { class: "plot" });
  const figure = h("figure", { class: "chart", "data-testid": "retention-chart" },
    h("figcaption", {}, "Predicted share of viewers still watching, with drop-risk moments"),
    plot,
    risks.length ? h("p", { class: "marker-key" }, "Drop risk: ",
      ["major", "moderate", "minor"].map((level) => h("span", {},
        h("span", { class: `dot ${level}`, "aria-hidden": "true" }), ` ${level} `))) : null,
    h("details", {}, h("summary", {}, "Data table"),
      h("div", { class: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Time"),
          h("th", { scope: "col" }, "Retention"))),
        h("tbody", {}, curve.map((p) => h("tr", {}, h("td", {}, seconds(p.t)),
          h("td", {}, percent(p.retention)))))))));

  const markers = risks.map((m) => {
    const label = `Drop risk at ${seconds(m.timestamp)}, ${SEVERITY_LABEL[m.severity] || m.severity}: ${m.reason}`;
    const marker = h(seek ? "button" : "span", {
      class: `drop-marker ${m.severity}`, title: label, "aria-label": label,
      type: seek ? "button" : null, "data-t": m.timestamp,
    });
    if (seek) marker.addEventListener("click", () => seek(m.timestamp));
    return marker;
  });

  // uPlot measures its container, so it is built once the figure is in the document.
  requestAnimationFrame(() => {
    if (!figure.isConnected || typeof window.uPlot !== "function") return;
    const accent = css("--accent") || "#5b4bdb";
    const width = Math.max(240, plot.clientWidth);
    const chart = new window.uPlot({
      width,
      height: width < 480 ? 200 : 260,
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [
        { stroke: css("--muted"), grid: { stroke: css("--grid") }, values: (u, v) => v.map((s) => `${s}s`) },
        { stroke: css("--muted"), grid: { stroke: css("--grid") }, values: (u, v) => v.map((r) => `${r}%`) },
      ],
      series: [
        { label: "Time", value: (u, v) => (v === null ? "—" : seconds(v)) },
        {
          label: "Retention", stroke: accent, width: 2, fill: `${accent}22`,
          value: (u, v) => (v === null ? "—" : `${v.toFixed(0)}%`),
        },
      ],
      hooks: {
        draw: [(u) => {
          for (const marker of markers) {
            const t = Number(marker.dataset.t);
            marker.style.left = `${u.valToPos(t, "x")}px`;
            marker.style.top = `${u.valToPos(retentionAt(curve, t) * 100, "y")}px`;
          }
        }],
      },
    }, [curve.map((p) => p.t), curve.map((p) => p.retention * 100)], plot);
    chart.over.append(...markers);
    const resize = new ResizeObserver(() => {
      const w = Math.max(240, plot.clientWidth);
      if (w !== chart.width) chart.setSize({ width: w, height: w < 480 ? 200 : 260 });
    });
    resize.observe(plot);
  });
  return figure;
}
