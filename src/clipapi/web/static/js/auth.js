// The landing page, sign-up (which ends with a first API key, shown once) and log-in.

import { account, session } from "./api.js";
import { append, h } from "./dom.js";
import { shownOnce } from "./keys.js";

export function landing(main) {
  append(main,
    h("section", { class: "hero" },
      h("h1", {}, "Video intelligence for short-form video"),
      h("p", { class: "lead" },
        "Send a TikTok, Reel, Short, a video link or a file; get back one report: transcript, " +
        "shots and keyframes, on-screen text, music, hook and retention analysis, and 0–100 " +
        "scores, every number measured on the video and explained."),
      h("p", { class: "actions" },
        h("a", { href: "/signup", "data-link": true, class: "button primary" },
          "Sign up for a free API key"),
        h("a", { href: "/login", "data-link": true, class: "button" }, "Log in")),
      h("p", { class: "muted" },
        "The free plan includes 50 analyses a month. Prefer the API? See ",
        h("a", { href: "/docs" }, "the interactive docs"), ".")));
}

function field(label, attrs) {
  const id = `f-${attrs.name}`;
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, ...attrs }));
}

function errorLine() {
  return h("p", { class: "error", role: "alert" });
}

export function signupView(main) {
  const error = errorLine();
  const form = h("form", { class: "card narrow" },
    h("h1", {}, "Create your account"),
    h("p", { class: "muted" }, "You get an API key at once; keep it somewhere safe."),
    field("Name (optional)", { name: "name", autocomplete: "name", maxlength: 200 }),
    field("Email", { name: "email", type: "email", required: true, autocomplete: "email" }),
    field("Password (at least 8 characters)", {
      name: "password", type: "password", required: true, minlength: 8,
      autocomplete: "new-password",
    }),
    h("button", { type: "submit", class: "button primary" }, "Create account and API key"),
    error,
    h("p", { class: "muted" }, "Already have an account? ",
      h("a", { href: "/login", "data-link": true }, "Log in"), "."));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const created = await account("POST", "/v1/auth/signup", {
        email: data.get("email"), password: data.get("password"), name: data.get("name") || null,
      });
      session.logIn(created.access_token, created.email);
      const key = await account("POST", "/v1/keys", { name: "first key" });
      session.holdKey(key, "user");
      main.replaceChildren(h("section", { class: "card narrow" },
        h("h1", {}, "Welcome to clipapi"),
        shownOnce(key),
        h("p", {}, "Try it from a terminal:"),
        h("pre", { class: "code" },
          `curl -X POST ${location.origin}/v1/analyses \\\n` +
          `  -H "Authorization: Bearer ${key.key}" \\\n` +
          `  -H "Content-Type: application/json" \\\n` +
          `  -d '{"video_url": "https://example.com/clip.mp4"}'`),
        h("p", {}, h("a", { href: "/app", "data-link": true, class: "button primary" },
          "Continue to the dashboard"))));
      main.querySelector("h1").focus();
    } catch (e) {
      error.textContent = e.detail || e.message;
    } finally {
      button.disabled = false;
    }
  });
  append(main, form);
}

export function loginView(main, { navigate }) {
  const error = errorLine();
  const form = h("form", { class: "card narrow" },
    h("h1", {}, "Log in"),
    field("Email", { name: "email", type: "email", required: true, autocomplete: "email" }),
    field("Password", {
      name: "password", type: "password", required: true, autocomplete: "current-password",
    }),
    h("button", { type: "submit", class: "button primary" }, "Log in"),
    error,
    h("p", { class: "muted" }, "New here? ",
      h("a", { href: "/signup", "data-link": true }, "Create an account"), "."));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    try {
      const token = await account("POST", "/v1/auth/login",
        { email: data.get("email"), password: data.get("password") });
      session.logIn(token.access_token, String(data.get("email")).toLowerCase());
      navigate("/app", { replace: true });
    } catch (e) {
      error.textContent = e.detail || e.message;
    }
  });
  append(main, form);
}
