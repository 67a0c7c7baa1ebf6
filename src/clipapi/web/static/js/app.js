// The dashboard's router: each path of the History API maps to a view that renders into <main>.

import { SESSION_KEY_NAME, session, whenSessionEnds } from "./api.js";
import { landing, loginView, signupView } from "./auth.js";
import { append, clear, h, toast } from "./dom.js";
import { keysView } from "./keys.js";
import { overview } from "./overview.js";
import { reportView } from "./report.js";

const ROUTES = [
  { pattern: /^\/$/, view: landing, title: "Video intelligence", open: true },
  { pattern: /^\/signup$/, view: signupView, title: "Sign up", open: true },
  { pattern: /^\/login$/, view: loginView, title: "Log in", open: true },
  { pattern: /^\/app$/, view: overview, title: "Dashboard" },
  { pattern: /^\/app\/keys$/, view: keysView, title: "API keys" },
  { pattern: /^\/app\/analyses\/([\w-]+)$/, view: reportView, title: "Report" },
];

let leave = null;

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  render();
}

async function render() {
  if (leave) leave();
  leave = null;
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) return navigate("/", { replace: true });
  if (!route.open && !session.loggedIn) return navigate("/login", { replace: true });
  if (path === "/" && session.loggedIn) return navigate("/app", { replace: true });
  renderNav(path);
  const main = clear(document.getElementById("view"));
  document.title = `${route.title} · clipapi`;
  const context = {
    params: path.match(route.pattern).slice(1),
    navigate,
    onLeave: (fn) => (leave = fn),
  };
  try {
    await route.view(main, context);
  } catch (error) {
    append(main, h("p", { class: "error", role: "alert" }, error.detail || error.message));
  }
  // Move focus to the new page for keyboard and screen-reader users, as a page load would.
  const heading = main.querySelector("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function renderNav(path) {
  const nav = clear(document.getElementById("nav"));
  const link = (href, text) =>
    h("a", { href, "data-link": true, "aria-current": path === href ? "page" : null }, text);
  if (session.loggedIn) {
    append(nav, link("/app", "Dashboard"), link("/app/keys", "API keys"),
      h("span", { class: "who", title: "Logged in" }, session.email),
      h("button", { type: "button", class: "link", onclick: logOut }, "Log out"));
  } else {
    append(nav, link("/login", "Log in"), link("/signup", "Sign up"));
  }
}

async function logOut() {
  // The keys the dashboard made go with the session; the user's own keys stay. That includes
  // one made by a page that was left before it could note the key, so every dashboard key
  // goes (another open tab takes a new one when it next needs it). The session is cleared
  // first, so a request still in flight cannot make a new key.
  const { token, keyId, keyOrigin } = session;
  session.clear();
  const auth = { Authorization: `Bearer ${token}` };
  const ids = new Set(keyOrigin === "session" && keyId ? [keyId] : []);
  try {
    const listed = await fetch("/v1/keys", { headers: auth });
    if (listed.ok) {
      for (const key of (await listed.json()).data) {
        if (key.name === SESSION_KEY_NAME) ids.add(key.id);
      }
    }
  } catch { /* the held key is still revoked below */ }
  await Promise.all([...ids].map((id) => fetch(`/v1/keys/${encodeURIComponent(id)}`,
    { method: "DELETE", headers: auth }).catch(() => {})));
  navigate("/");
}

whenSessionEnds((message) => {
  session.clear();
  toast(message, "error");
  navigate("/login", { replace: true });
});

document.addEventListener("click", (event) => {
  const anchor = event.target.closest("a[data-link]");
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.origin !== location.origin) return;
  event.preventDefault();
  if (anchor.pathname !== location.pathname) navigate(anchor.pathname);
});

window.addEventListener("popstate", render);
// Signing up logs in without changing the page: the menu follows.
window.addEventListener("clipapi:session", () => renderNav(location.pathname));
render();
