// The dashboard's home: usage against the plan, a new analysis (URL or file), its live
// progress, and the list of analyses.

import { account, analyses, session, upload } from "./api.js";
import { append, bytes, clear, h, toast, when } from "./dom.js";
import { progressPanel, statusBadge } from "./progress.js";

const PRESETS = [
  ["full", "Full: everything"],
  ["audio_only", "Audio only: speech, transcript and text layers"],
  ["meta_only", "Metadata only: probe and keyframes, no models"],
];

export async function overview(main, { onLeave }) {
  const following = [];
  onLeave(() => following.forEach((stop) => stop()));
  const usage = h("section", { class: "card", "aria-labelledby": "usage-h" },
    h("h2", { id: "usage-h" }, "Usage this month"), h("p", { class: "muted" }, "Loading…"));
  const progress = h("section", { class: "card", hidden: true, "aria-labelledby": "progress-h" },
    h("h2", { id: "progress-h" }, "Progress"));
  const list = analysisList();
  const submit = submitCard((created, label, preset) => {
    session.rememberStream(created.analysis_id, created.stream_url);
    list.add({ analysis_id: created.analysis_id, status: "queued", source_url: label,
      preset, external_id: created.external_id, created_at: new Date().toISOString() });
    const panel = progressPanel(created.analysis_id, (state) => {
      list.update(created.analysis_id, state === "done" ? "completed" : "failed");
      const link = h("a", { href: `/app/analyses/${created.analysis_id}`, "data-link": true,
        class: "button primary" }, state === "done" ? "Open the report" : "See what failed");
      panel.element.append(h("p", {}, link));
      loadUsage(usage);
    });
    following.push(panel.stop);
    progress.hidden = false;
    progress.replaceChildren(h("h2", { id: "progress-h" }, "Progress"),
      h("p", { class: "muted" }, label), panel.element);
  });
  append(main, h("h1", {}, "Dashboard"),
    h("div", { class: "grid" }, submit, h("div", { class: "stack" }, usage, progress)),
    list.element);
  await Promise.all([loadUsage(usage), list.load()]);
}

async function loadUsage(card) {
  let u;
  try {
    u = await account("GET", "/v1/usage");
  } catch (e) {
    card.replaceChildren(h("h2", { id: "usage-h" }, "Usage this month"),
      h("p", { class: "error" }, e.detail || e.message));
    return;
  }
  const quota = u.analyses_quota;
  const share = quota ? Math.min(1, u.analyses_used / quota) : 0;
  card.replaceChildren(h("h2", { id: "usage-h" }, "Usage this month"),
    h("p", { class: "big" }, `${u.analyses_used}`,
      h("span", { class: "muted" }, quota ? ` of ${quota} analyses` : " analyses (unlimited)")),
    quota ? h("div", { class: "meter", role: "meter", "aria-valuemin": 0,
      "aria-valuemax": quota, "aria-valuenow": u.analyses_used, "aria-label": "Analyses used" },
    h("div", { class: share > 0.9 ? "fill warn" : "fill", style: { width: `${share * 100}%` } }))
      : null,
    h("dl", { class: "facts" },
      h("dt", {}, "Plan"), h("dd", {}, h("span", { class: "tag" }, u.plan)),
      h("dt", {}, "Requests a minute"), h("dd", {}, String(u.requests_per_minute)),
      h("dt", {}, "Longest video"),
      h("dd", {}, u.max_duration_s ? `${u.max_duration_s} s` : "unlimited"),
      h("dt", {}, "Period from"), h("dd", {}, when(u.period_start))));
}

function submitCard(onCreated) {
  let file = null;
  const url = h("input", { id: "video-url", name: "video_url", type: "url",
    placeholder: "https://www.tiktok.com/@creator/video/…", autocomplete: "off" });
  const preset = h("select", { id: "preset", name: "pipeline_preset" },
    PRESETS.map(([value, label]) => h("option", { value }, label)));
  const externalId = h("input", { id: "external-id", name: "external_id", maxlength: 255 });
  const picker = h("input", { id: "video-file", type: "file", class: "sr-only",
    accept: "video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.webm,.mkv" });
  const chosen = h("p", { class: "chosen", "aria-live": "polite" });
  const drop = h("div", { class: "drop", "data-testid": "drop-zone" },
    h("p", {}, "Drop a video file here, or ",
      h("label", { for: "video-file", class: "link" }, "choose one"),
      h("span", { class: "muted" }, " (MP4, MOV, WebM, MKV; up to 500 MB)")),
    picker, chosen);
  const bar = h("progress", { max: 1, value: 0, "aria-label": "Upload progress" });
  const barText = h("span", { class: "muted" });
  const uploading = h("div", { class: "upload", hidden: true }, bar, barText);
  const error = h("p", { class: "error", role: "alert" });
  const button = h("button", { type: "submit", class: "button primary" }, "Analyse");

  function choose(picked) {
    file = picked;
    clear(chosen);
    if (!file) return;
    const remove = h("button", { type: "button", class: "link" }, "remove");
    remove.addEventListener("click", () => { picker.value = ""; choose(null); });
    append(chosen, `Selected: ${file.name} (${bytes(file.size)}) · `, remove);
  }
  picker.addEventListener("change", () => choose(picker.files[0] || null));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });

  const form = h("form", { class: "card", "aria-labelledby": "new-h" },
    h("h2", { id: "new-h" }, "New analysis"),
    h("div", { class: "field" }, h("label", { for: "video-url" }, "Video URL"), url),
    h("p", { class: "or", "aria-hidden": "true" }, "or"),
    drop,
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { for: "preset" }, "Pipeline"), preset),
      h("div", { class: "field" }, h("label", { for: "external-id" }, "Your reference (optional)"),
        externalId)),
    button, uploading, error);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const link = url.value.trim();
    if (!file && !link) {
      error.textContent = "Enter a video URL or choose a file.";
      return;
    }
    if (file && link) {
      error.textContent = "Send either a URL or a file, not both.";
      return;
    }
    button.disabled = true;
    try {
      let created;
      if (file) {
        uploading.hidden = false;
        created = await upload(file,
          { pipeline_preset: preset.value, external_id: externalId.value.trim() },
          (sent, total) => {
            bar.value = sent / total;
            barText.textContent = ` ${bytes(sent)} of ${bytes(total)}`;
          });
        barText.textContent = " uploaded";
        onCreated(created, file.name, preset.value);
        picker.value = "";
        choose(null);
      } else {
        created = await analyses("POST", "/v1/analyses", {
          video_url: link, pipeline_preset: preset.value,
          external_id: externalId.value.trim() || null,
        });
        onCreated(created, link, preset.value);
        url.value = "";
      }
      toast("Analysis queued");
    } catch (e) {
      error.textContent = e.detail || e.message;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// "example.com/…/clip.mp4" for a URL; a file name or s3:// path as it is.
function shortSource(source) {
  if (!source || !/^https?:\/\//.test(source)) return source;
  const url = new URL(source);
  const parts = url.pathname.split("/").filter(Boolean);
  const path = parts.length > 2 ? `…/${parts.slice(-2).join("/")}` : parts.join("/");
  return `${url.host.replace(/^www\./, "")}/${decodeURIComponent(path)}`;
}

function analysisList() {
  const body = h("tbody");
  const more = h("button", { type: "button", class: "button", hidden: true }, "Load more");
  const empty = h("p", { class: "muted", hidden: true }, "No analyses yet: submit a video above.");
  const error = h("p", { class: "error", role: "alert" });
  const rows = new Map();
  let cursor = null;

  function row(item) {
    const link = h("a", { href: `/app/analyses/${item.analysis_id}`, "data-link": true,
      title: item.source_url }, shortSource(item.source_url) || item.analysis_id);
    const status = h("td", {}, statusBadge(item.status));
    const tr = h("tr", { "data-analysis": item.analysis_id },
      h("td", { class: "source" }, link, item.external_id
        ? h("span", { class: "muted" }, ` · ${item.external_id}`) : null),
      status, h("td", { class: "optional" }, item.preset || "—"),
      h("td", {}, when(item.created_at)));
    rows.set(item.analysis_id, status);
    return tr;
  }

  async function load() {
    try {
      const query = new URLSearchParams({ limit: "20" });
      if (cursor) query.set("cursor", cursor);
      const page = await analyses("GET", `/v1/analyses?${query}`);
      append(body, page.data.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      empty.hidden = rows.size > 0;
    } catch (e) {
      error.textContent = e.detail || e.message;
    }
  }
  more.addEventListener("click", load);

  const element = h("section", { class: "card", "aria-labelledby": "list-h" },
    h("h2", { id: "list-h" }, "Your analyses"),
    h("div", { class: "table-wrap" }, h("table", { class: "analyses" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Source"),
        h("th", { scope: "col" }, "Status"), h("th", { scope: "col", class: "optional" }, "Pipeline"),
        h("th", { scope: "col" }, "Submitted"))),
      body)),
    empty, error, more);
  return {
    element,
    load,
    add(item) {
      body.prepend(row(item));
      empty.hidden = true;
    },
    update(analysisId, state) {
      rows.get(analysisId)?.replaceChildren(statusBadge(state));
    },
  };
}
