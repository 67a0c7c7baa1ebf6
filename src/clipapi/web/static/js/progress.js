// Live pipeline progress: one row per step as the stream reports it.

import { follow } from "./api.js";
import { h, humanize, svgIcon } from "./dom.js";

// Returns { element, stop }. `onEnd(state, data)` runs once with "done" or "failed".
export function progressPanel(analysisId, onEnd) {
  const status = h("p", { class: "status", role: "status" }, "Queued: waiting for a worker…");
  const bar = h("div", { class: "busy", "aria-hidden": "true" });
  const steps = h("ol", { class: "steps", "aria-label": "Pipeline steps" });
  const panel = h("div", { class: "progress-panel", "data-state": "running",
    "data-analysis": analysisId }, status, bar, steps);
  const rows = new Map();
  let done = 0;

  function row(step) {
    if (!rows.has(step)) {
      const icon = svgIcon("running");
      const note = h("span", { class: "note" }, "running");
      const li = h("li", { "data-step": step, "data-state": "running" }, icon,
        h("span", { class: "name" }, humanize(step)), note);
      rows.set(step, { li, icon, note });
      steps.append(li);
    }
    return rows.get(step);
  }

  function mark(step, state, noteText) {
    const r = row(step);
    r.li.dataset.state = state;
    r.icon.replaceWith((r.icon = svgIcon(state)));
    r.note.textContent = noteText;
  }

  function end(state, text, data) {
    panel.dataset.state = state;
    status.textContent = text;
    bar.remove();
    onEnd(state, data);
  }

  const stop = follow(analysisId, (type, data) => {
    if (type === "step_start") {
      row(data.step);
      status.textContent = `Running: ${humanize(data.step)}`;
    } else if (type === "step_done") {
      done += 1;
      mark(data.step, "done", `${(data.duration_ms / 1000).toFixed(1)} s`);
      status.textContent = `${done} step${done === 1 ? "" : "s"} done`;
    } else if (type === "step_failed") {
      mark(data.step, "failed", data.code);
    } else if (type === "pipeline_done") {
      end("done", `Completed: ${done} steps done.`, data);
    } else if (type === "pipeline_failed") {
      end("failed", `Failed: ${data.code || "the analysis failed"}`, data);
    }
  }, (error) => {
    status.textContent = `Progress unavailable: ${error.detail || error.message}`;
    panel.dataset.state = "unknown";
    bar.remove();
  });
  return { element: panel, stop };
}

export function statusBadge(state) {
  return h("span", { class: `badge ${state}` }, state);
}
