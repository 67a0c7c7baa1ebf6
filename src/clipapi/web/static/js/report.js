// One analysis: live progress while it runs, the failure when it failed, the report when done.

import { analyses } from "./api.js";
import { append, bytes, h, humanize, notMeasured, number, toast, when } from "./dom.js";
import { progressPanel } from "./progress.js";
import * as s from "./sections.js";

const VIDEO_FILE = /\.(mp4|m4v|mov|webm|mkv)$/i;

export async function reportView(main, { params, navigate, onLeave }) {
  const [analysisId] = params;
  const body = await analyses("GET", `/v1/analyses/${encodeURIComponent(analysisId)}`);
  if (body.status === "completed") return renderReport(main, body, navigate);
  const heading = h("h1", {}, body.status === "failed" ? "Analysis failed" : "Analysing…");
  append(main, h("p", {}, h("a", { href: "/app", "data-link": true }, "← Dashboard")), heading,
    h("p", { class: "muted" }, h("code", {}, analysisId)));
  if (body.status === "failed") {
    append(main, failureCard(body), actions(body, navigate));
    return;
  }
  const panel = progressPanel(analysisId, () => {
    // The stream said it ended: show what it ended as.
    if (location.pathname.endsWith(analysisId)) navigate(location.pathname, { replace: true });
  });
  onLeave(panel.stop);
  append(main, h("section", { class: "card" }, h("h2", {}, "Progress"), panel.element));
}

function failureCard(body) {
  const error = body.error || {};
  return h("section", { class: "card", role: "alert" },
    h("h2", {}, "What went wrong"),
    s.facts([["Code", h("code", {}, error.code || "unknown")], ["Message", error.message]]));
}

function actions(result, navigate) {
  const download = h("button", { type: "button", class: "button" }, "Download JSON");
  download.addEventListener("click", () => {
    const blob = new Blob([JSON.stringify(result, null, 2)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `${result.analysis_id}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const remove = h("button", { type: "button", class: "button danger" }, "Delete");
  remove.addEventListener("click", async () => {
    if (!confirm("Delete this analysis and every file stored for it?")) return;
    try {
      await analyses("DELETE", `/v1/analyses/${encodeURIComponent(result.analysis_id)}`);
      toast("Analysis deleted");
      navigate("/app");
    } catch (e) {
      toast(e.detail || e.message, "error");
    }
  });
  return h("p", { class: "actions" }, download, remove);
}

// Only a direct video link can play here: platform pages are not video files, and an upload
// has no public URL.
function playableUrl(source) {
  if (!source || !source.url || !/^https?:\/\//.test(source.url)) return null;
  const path = new URL(source.url).pathname;
  return source.platform === "direct" || VIDEO_FILE.test(path) ? source.url : null;
}

function title(result) {
  const overview = (result.media_understanding || {}).content_overview || {};
  const source = result.source || {};
  const fromUrl = source.url && decodeURIComponent(new URL(source.url).pathname.split("/").pop());
  return overview.title || source.title || source.filename || fromUrl || source.url
    || result.analysis_id;
}

function header(result, video, navigate) {
  const source = result.source || {};
  const media = result.media;
  const overview = (result.media_understanding || {}).content_overview;
  const who = [source.platform, source.author && `@${source.author.replace(/^@/, "")}`,
    source.publish_date && when(source.publish_date)].filter(Boolean).join(" · ");
  return h("section", { class: "card wide head", "aria-labelledby": "report-title" },
    h("div", { class: "head-text" },
      h("p", {}, h("a", { href: "/app", "data-link": true }, "← Dashboard")),
      h("h1", { id: "report-title" }, title(result)),
      h("p", { class: "muted" }, who, who ? " · " : "", h("code", {}, result.analysis_id)),
      source.url ? h("p", { class: "source-url" }, h("a", { href: source.url, rel: "noopener noreferrer",
        target: "_blank" }, source.url)) : null,
      overview && overview.summary ? h("p", { class: "summary" }, overview.summary) : null,
      overview ? s.facts([["Category", overview.category], ["Format", overview.format && humanize(overview.format)],
        ["Language", overview.language]]) : null,
      media ? h("ul", { class: "chips media" }, [
        media.duration_s !== null && media.duration_s !== undefined ? `${number(media.duration_s)} s` : null,
        media.width && media.height ? `${media.width}×${media.height}` : null,
        media.aspect_ratio, media.orientation,
        media.fps ? `${number(media.fps)} fps` : null,
        media.has_audio === false ? "no audio" : media.has_audio ? "audio" : null,
        media.codecs && media.codecs.video, media.size_bytes ? bytes(media.size_bytes) : null,
      ].filter(Boolean).map((x) => h("li", { class: "chip" }, x))) : notMeasured("Media facts: not measured"),
      actions(result, navigate)),
    video ? h("div", { class: "player" }, video) : null);
}

function renderReport(main, result, navigate) {
  const url = playableUrl(result.source);
  const video = url ? h("video", { src: url, controls: true, preload: "metadata", playsinline: true,
    "aria-label": "The analysed video" }) : null;
  const seek = video ? (t) => {
    video.currentTime = t;
    video.play().catch(() => {});
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
  } : null;
  const warnings = (result.processing && result.processing.warnings) || [];
  append(main, h("div", { class: "report", "data-analysis": result.analysis_id },
    header(result, video, navigate),
    warnings.length ? h("aside", { class: "notice wide", "aria-label": "Processing warnings" },
      h("strong", {}, `${warnings.length} warning${warnings.length > 1 ? "s" : ""}: `),
      "some sections could not be measured. ", h("a", { href: "#processing" }, "See processing")) : null,
    s.scores(result),
    s.retention(result, seek),
    s.hook(result),
    s.story(result, seek),
    s.keyframes(result, seek),
    s.shots(result, seek),
    s.transcript(result, seek),
    s.onScreenText(result, seek),
    s.entities(result),
    s.audio(result),
    s.visual(result),
    s.virality(result),
    s.platformFit(result),
    s.clips(result, seek),
    s.processing(result)));
}
