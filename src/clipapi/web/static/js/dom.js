// Building DOM without innerHTML: every value from the API lands as text, never as markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "style") Object.assign(el.style, value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function svgIcon(name) {
  // Text symbols keep the page free of icon fonts; screen readers skip them.
  const symbols = { done: "✓", failed: "✗", running: "◌", waiting: "·", copy: "⧉" };
  return h("span", { class: `icon icon-${name}`, "aria-hidden": "true" }, symbols[name] || "");
}

// --- formatting ---------------------------------------------------------------------------

export function seconds(t) {
  if (t === null || t === undefined) return "—";
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, "0")}`;
}

export function percent(x, digits = 0) {
  return x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`;
}

export function number(x, digits = 1) {
  if (x === null || x === undefined) return "—";
  return Number.isInteger(x) ? x.toLocaleString("en") : x.toFixed(digits);
}

export function when(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function humanize(name) {
  return String(name).replaceAll("_", " ");
}

export function bytes(n) {
  if (n === null || n === undefined) return "—";
  if (n < 1e6) return `${(n / 1e3).toFixed(0)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

export function notMeasured(text = "Not measured") {
  return h("p", { class: "nm" }, text);
}

export function toast(message, kind = "info") {
  const el = document.getElementById("toast");
  el.className = `show ${kind}`;
  el.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.className = ""), 4000);
}
