// The report's sections. Each renders what the result holds and says "not measured" for a null
// section, so the report keeps working as the pipeline learns to measure more.

import { retentionChart } from "./chart.js";
import { append, h, humanize, notMeasured, number, percent, seconds } from "./dom.js";

export const SCORE_LABELS = {
  hook_strength: "Hook strength",
  retention_design: "Retention design",
  visual_clarity: "Visual clarity",
  audio_clarity: "Audio clarity",
  cta_effectiveness: "CTA effectiveness",
  educational_value: "Educational value",
  overall_creator_clarity: "Overall creator clarity",
  confidence_overall: "Confidence",
};

// `always`: render even when nothing was measured (the section says so itself).
export function card(id, title, value, render, { wide = false, always = false } = {}) {
  // null is "not measured"; an empty list was measured and found nothing, and says so.
  const absent = value === null || value === undefined;
  return h("section", { class: wide ? "card wide" : "card", id, "data-section": id,
    "data-measured": absent ? "false" : "true", "aria-labelledby": `${id}-h` },
  h("h2", { id: `${id}-h` }, title),
  absent && !always ? notMeasured() : render(value));
}

// A definition list of [label, value] pairs; a null value reads "not measured".
export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.map(([label, value]) => [
    h("dt", {}, label),
    h("dd", {}, value === null || value === undefined || value === "—"
      ? h("span", { class: "muted" }, "not measured") : value),
  ]));
}

function chips(items, className = "chip") {
  if (!items || !items.length) return h("span", { class: "muted" }, "none");
  return h("ul", { class: "chips" }, items.map((item) => h("li", { class: className }, item)));
}

// "12.3 s" from 12.34, or null (not measured) when there is no value.
function unit(value, suffix, digits = 1) {
  if (value === null || value === undefined) return null;
  return suffix ? `${number(value, digits)} ${suffix}` : number(value, digits);
}

function yesNo(value) {
  return value === null || value === undefined ? null : value ? "yes" : "no";
}

function tone(score) {
  return score >= 70 ? "good" : score >= 40 ? "fair" : "weak";
}

// A time that seeks the video when one can play, plain text otherwise.
export function timeLink(t, seek) {
  if (!seek) return h("span", { class: "time" }, seconds(t));
  const button = h("button", { type: "button", class: "time", "aria-label": `Play from ${seconds(t)}` },
    seconds(t));
  button.addEventListener("click", () => seek(t));
  return button;
}

function table(headers, rows) {
  return h("div", { class: "table-wrap" }, h("table", {},
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows)));
}

// --- scores and their factors --------------------------------------------------------------

export function scores(result) {
  const values = result.scores;
  const details = result.score_details || {};
  return card("scores", "Scores", values, () => h("ul", { class: "scores" },
    Object.entries(SCORE_LABELS).map(([name, label]) =>
      scoreRow(name, values[name], details[name], label))), { wide: true });
}

function scoreRow(name, value, detail, label, suffix = "") {
  if (value === null || value === undefined) {
    return h("li", { class: "score", "data-score": name },
      h("span", { class: "label" }, label), h("span", { class: "nm" }, "not measured"));
  }
  const row = h("li", { class: "score", "data-score": name },
    h("span", { class: "label", id: `score-${name}` }, label),
    h("div", { class: "meter", role: "meter", "aria-labelledby": `score-${name}`,
      "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value },
    h("div", { class: `fill ${tone(value)}`, style: { width: `${value}%` } })),
    h("span", { class: "value" }, `${value}${suffix}`));
  if (detail && detail.factors && detail.factors.length) {
    const factors = [...detail.factors].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
    append(row, h("details", { class: "factors" },
      h("summary", {}, `Why ${value}: ${factors.length} factor${factors.length > 1 ? "s" : ""}`),
      table(["Factor", "Effect", "Measured", "At"], factors.map((f) => h("tr", {},
        h("td", {}, humanize(f.factor)),
        h("td", { class: f.effect >= 0 ? "plus" : "minus" },
          `${f.effect >= 0 ? "+" : "−"}${Math.abs(f.effect).toFixed(1)}`),
        h("td", {}, f.value === null || f.value === undefined ? "—" : String(f.value)),
        h("td", {}, f.t === null || f.t === undefined ? "—" : seconds(f.t))))),
      h("p", { class: "muted" }, `Method: ${detail.method}`)));
  }
  return row;
}

// --- retention ---------------------------------------------------------------------------

export function retention(result, seek) {
  const creator = result.creator_intelligence || {};
  const growth = result.growth_intelligence || {};
  const analysis = creator.retention_analysis;
  const moments = (analysis && analysis.drop_risk_moments) || [];
  const curve = growth.predicted_retention_curve;
  const measured = curve || analysis ? true : null;
  return card("retention", "Predicted retention", measured, () => h("div", {},
    retentionChart(curve, moments, seek),
    analysis ? facts([
      ["Retention score", analysis.retention_score],
      ["Pacing", analysis.pacing],
    ]) : notMeasured("Retention analysis: not measured"),
    moments.length ? h("ol", { class: "risks", "aria-label": "Drop-risk moments" },
      moments.map((m) => h("li", { class: m.severity }, timeLink(m.timestamp, seek),
        h("span", { class: `badge ${m.severity}` }, m.severity), h("span", { class: "reason" }, m.reason))))
      : analysis && analysis.drop_risk_moments ? h("p", {}, "No drop-risk moments found.") : null),
  { wide: true, always: true });
}

// --- creator intelligence ----------------------------------------------------------------

export function hook(result) {
  const value = (result.creator_intelligence || {}).hook_analysis;
  return card("hook", "Hook", value, (hk) => h("div", {},
    facts([
      ["Score", hk.score],
      ["Type", hk.hook_type && humanize(hk.hook_type)],
      ["Opening", hk.primary_hook],
      ["Hook window", unit(hk.hook_window_s, "s")],
    ]),
    hk.signals ? h("details", {}, h("summary", {}, "Measured in the hook window"),
      facts(Object.entries(hk.signals).map(([k, v]) => [humanize(k),
        typeof v === "boolean" ? yesNo(v) : v === null ? null : String(v)]))) : null,
    h("h3", {}, "Suggestions"),
    hk.suggestions && hk.suggestions.length
      ? h("ul", { class: "suggestions" }, hk.suggestions.map((s) => h("li", {}, s)))
      : notMeasured(hk.suggestions ? "No suggestions: the opening already does what we check." : undefined)));
}

export function story(result, seek) {
  const creator = result.creator_intelligence || {};
  const value = creator.story_structure || creator.cta ? creator : null;
  return card("story", "Story and call to action", value, (c) => h("div", {},
    c.story_structure ? h("div", {},
      facts([["Logline", c.story_structure.logline]]),
      c.story_structure.beat_spans
        ? h("ol", { class: "beats" }, c.story_structure.beat_spans.map((b) => h("li", {},
          timeLink(b.start, seek), ` ${humanize(b.beat)} (to ${seconds(b.end)})`)))
        : chips(c.story_structure.beats)) : notMeasured("Story structure: not measured"),
    h("h3", {}, "Call to action"),
    !c.cta ? notMeasured() : c.cta.present === false ? h("p", {}, "None found: nothing asks the viewer to act.")
      : facts([
        ["Type", c.cta.type && humanize(c.cta.type)],
        ["Text", c.cta.text],
        ["At", c.cta.timestamp === null || c.cta.timestamp === undefined ? null : timeLink(c.cta.timestamp, seek)],
        ["Spoken", yesNo(c.cta.spoken)],
        ["Shown on screen", yesNo(c.cta.shown)],
      ])));
}

export function clips(result, seek) {
  const value = (result.creator_intelligence || {}).clip_suggestions;
  return card("clips", "Clip suggestions", value, (list) => list.length === 0
    ? h("p", {}, "No self-contained moment stands out.") : table(
    ["From", "To", "Score", "Opening line", "Why"],
    list.map((c) => h("tr", {}, h("td", {}, timeLink(c.start, seek)), h("td", {}, seconds(c.end)),
      h("td", {}, c.score ?? "—"), h("td", {}, c.opening_line || "—"),
      h("td", {}, (c.reasons || []).join("; ") || "—")))));
}

// --- media understanding -----------------------------------------------------------------

export function keyframes(result, seek) {
  const visual = (result.media_understanding || {}).visual_analysis || {};
  return card("keyframes", "Keyframes", visual.keyframes, (frames) => frames.length === 0
    ? h("p", {}, "No frames kept.") : h("ul", { class: "gallery" },
    frames.map((k) => {
      const caption = `${seconds(k.t)}${k.shot_index === null || k.shot_index === undefined ? "" : ` · shot ${k.shot_index + 1}`}`;
      const missing = () => h("div", { class: "noimage" }, "image not available");
      const image = k.image_url
        ? h("img", { src: k.image_url, alt: `Frame at ${caption}`, loading: "lazy" }) : missing();
      // A signed link outlives its file when storage was cleaned; say so instead of a broken icon.
      if (k.image_url) image.addEventListener("error", () => image.replaceWith(missing()));
      const inner = seek ? h("button", { type: "button", class: "frame", "aria-label": `Play from ${seconds(k.t)}` }, image)
        : image;
      if (seek) inner.addEventListener("click", () => seek(k.t));
      return h("li", {}, h("figure", {}, inner, h("figcaption", {}, caption)));
    })), { wide: true });
}

export function shots(result, seek) {
  const visual = (result.media_understanding || {}).visual_analysis || {};
  const duration = (result.media || {}).duration_s;
  return card("shots", "Shots", visual.shots, (list) => {
    if (!list.length) return h("p", {}, "No shots found.");
    const total = duration || list[list.length - 1].end || 1;
    const strip = h("ol", { class: "timeline", "aria-label": "Shots in time" }, list.map((s) => {
      const label = `Shot ${s.index + 1}: ${seconds(s.start)} to ${seconds(s.end)}${s.camera_motion ? `, ${s.camera_motion}` : ""}`;
      const segment = h(seek ? "button" : "span", { class: "shot", title: label, "aria-label": label,
        type: seek ? "button" : null }, String(s.index + 1));
      if (seek) segment.addEventListener("click", () => seek(s.start));
      return h("li", { style: { flexGrow: String(Math.max(0.01, s.end - s.start) / total) } }, segment);
    }));
    return h("div", {}, facts([
      ["Shots", visual.shot_count ?? list.length],
      ["Cuts a minute", unit(visual.cuts_per_minute, "")],
    ]), strip, h("p", { class: "axis" }, h("span", {}, "0:00.0"), h("span", {}, seconds(total))));
  }, { wide: true });
}

export function transcript(result, seek) {
  const value = (result.media_understanding || {}).transcript;
  return card("transcript", "Transcript", value, (tr) => h("div", {},
    facts([
      ["Language", tr.language && `${tr.language}${tr.language_probability ? ` (${percent(tr.language_probability)})` : ""}`],
      ["Words", tr.word_count],
    ]),
    tr.segments && tr.segments.length
      ? h("ol", { class: "transcript" }, tr.segments.map((s) => h("li", {},
        timeLink(s.start, seek), s.speaker ? h("span", { class: "speaker" }, s.speaker) : null,
        h("span", { class: "text" }, s.text))))
      : h("p", {}, tr.full_text || h("span", { class: "muted" }, "No speech recognised."))));
}

export function onScreenText(result, seek) {
  const visual = (result.media_understanding || {}).visual_analysis || {};
  return card("ocr", "On-screen text", visual.on_screen_text, (items) => items.length === 0
    ? h("p", {}, "No text found on screen.") : table(
    ["From", "To", "Text", "Confidence"],
    items.map((t) => h("tr", {}, h("td", {}, timeLink(t.start, seek)), h("td", {}, seconds(t.end)),
      h("td", {}, t.text), h("td", {}, percent(t.confidence))))));
}

export function entities(result) {
  const mu = result.media_understanding || {};
  const value = mu.entities || mu.sentiment ? mu : null;
  const groups = [["people", "People"], ["organisations", "Organisations"], ["brands", "Brands"],
    ["places", "Places"], ["topics", "Topics"], ["keywords", "Keywords"], ["hashtags", "Hashtags"],
    ["mentions", "Mentions"]];
  return card("entities", "Entities and sentiment", value, (m) => h("div", {},
    m.entities ? facts(groups.map(([g, label]) => [label, m.entities[g] ? chips(m.entities[g]) : null]))
      : notMeasured("Entities: not measured"),
    m.sentiment ? facts([["Sentiment", m.sentiment.label &&
      `${m.sentiment.label} (${number(m.sentiment.score, 2)})`]]) : notMeasured("Sentiment: not measured")));
}

export function audio(result) {
  const value = (result.media_understanding || {}).audio_analysis;
  return card("audio", "Audio and music", value, (a) => {
    const speech = a.speech || {};
    const music = a.music;
    const loud = a.loudness || {};
    return h("div", {},
      h("h3", {}, "Speech"),
      a.speech ? facts([
        ["Rate", unit(speech.speech_rate_wpm_est, "words a minute")],
        ["Speaking", percent(speech.speech_ratio)],
        ["Speakers", speech.speaker_count],
        ["Longest pause", unit(speech.longest_pause_s, "s")],
      ]) : notMeasured(),
      h("h3", {}, "Music"),
      music ? facts([
        ["Present", yesNo(music.present)],
        ["Track", music.track_title && `${music.track_title}${music.artist ? ` — ${music.artist}` : ""}`],
        ["Tempo", unit(music.bpm_estimate, "BPM")],
        ["Music", percent(music.music_ratio)],
      ]) : notMeasured(),
      h("h3", {}, "Loudness"),
      a.loudness ? facts([
        ["Integrated", unit(loud.integrated_lufs, "LUFS")],
        ["True peak", unit(loud.true_peak_dbfs, "dBFS")],
        ["Range", unit(loud.loudness_range, "LU")],
        ["Silence", percent(a.silence_ratio)],
      ]) : notMeasured());
  });
}

export function visual(result) {
  const v = (result.media_understanding || {}).visual_analysis;
  const value = v && (v.cinematography || v.camera_motion || v.motifs || v.faces || v.quality) ? v : null;
  return card("visual", "Picture", value, (x) => h("div", {},
    facts([
      ["Cinematography", x.cinematography],
      ["Camera", x.camera_motion && x.camera_motion.dominant],
      ["Motifs", x.motifs ? chips(x.motifs) : null],
      ["Face on screen", x.faces && percent(x.faces.presence_ratio)],
      ["Facing camera", x.faces && percent(x.faces.face_to_camera_ratio)],
      ["Most faces", x.faces && x.faces.max_faces],
      ["Brightness", x.quality && number(x.quality.brightness, 2)],
      ["Contrast", x.quality && number(x.quality.contrast, 2)],
      ["Sharpness", x.quality && number(x.quality.sharpness)],
      ["Colourfulness", x.quality && number(x.quality.colorfulness)],
    ])));
}

// --- growth intelligence -----------------------------------------------------------------

export function virality(result) {
  const growth = result.growth_intelligence || {};
  const value = growth.virality_model || growth.trend_alignment ? growth : null;
  return card("virality", "Reach and trends", value, (g) => {
    const vm = g.virality_model;
    const range = vm && vm.predicted_view_range;
    const trend = g.trend_alignment;
    return h("div", {},
      vm ? facts([
        ["Virality score", vm.score],
        ["Expected views", range && `${number(range.expected)} (${number(range.low)} to ${number(range.high)})`],
        ["Scaled from", vm.view_range_basis && humanize(vm.view_range_basis)],
        ["Completion pressure", percent(vm.completion_pressure)],
        ["Factors", vm.factors ? chips(vm.factors) : null],
      ]) : notMeasured("Virality: not measured"),
      h("h3", {}, "Trends"),
      trend ? facts([
        ["Trending audio", yesNo(trend.uses_trending_audio)],
        ["Category", trend.trend_category],
        ["Cycle stage", trend.cycle_stage],
        ["Matches", trend.matched_trends ? chips(trend.matched_trends.map((m) => m.trend)) : null],
      ]) : notMeasured());
  });
}

export function platformFit(result) {
  const value = (result.growth_intelligence || {}).platform_fit;
  const bars = [["duration_fit", "Duration"], ["aspect_ratio_fit", "Aspect ratio"],
    ["algorithm_alignment", "Algorithm alignment"], ["share_probability", "Share probability"],
    ["loopability", "Loopability"]];
  return card("platform", "Platform fit", value, (p) => h("div", {},
    facts([["Platform", p.platform]]),
    h("ul", { class: "scores" }, bars.map(([k, label]) => scoreRow(k,
      p[k] === null || p[k] === undefined ? null : Math.round(p[k] * 100), null, label, "%"))),
    h("h3", {}, "Recommendations"),
    p.recommendations && p.recommendations.length
      ? h("ul", { class: "suggestions" }, p.recommendations.map((r) => h("li", {}, r)))
      : notMeasured(p.recommendations ? "None: the video fits the platform's format." : undefined)));
}

// --- processing ---------------------------------------------------------------------------

export function processing(result) {
  const p = result.processing;
  return card("processing", "Processing", p, (x) => h("div", {},
    facts([
      ["Pipeline", x.preset],
      ["Total time", unit(x.total_ms === null || x.total_ms === undefined ? null : x.total_ms / 1000, "s")],
    ]),
    x.warnings && x.warnings.length ? h("div", { class: "warnings" },
      h("h3", {}, "Warnings"),
      h("ul", {}, x.warnings.map((w) => h("li", {}, w)))) : null,
    table(["Step", "Status", "Time"], (x.steps || []).map((s) => h("tr", {},
      h("td", {}, humanize(s.name)), h("td", {}, h("span", { class: `badge ${s.status}` }, s.status),
        s.error ? ` ${s.error}` : null),
      h("td", {}, s.duration_ms === null || s.duration_ms === undefined ? "—" : `${(s.duration_ms / 1000).toFixed(2)} s`)))),
    Object.keys(x.model_versions || {}).length ? h("details", {},
      h("summary", {}, "Models and methods"),
      facts(Object.entries(x.model_versions).map(([k, v]) => [k, v]))) : null), { wide: true });
}
