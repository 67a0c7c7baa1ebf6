// API keys: create (the plaintext is shown once, with a copy button), list, revoke.

import { account, session } from "./api.js";
import { append, clear, h, toast, when } from "./dom.js";

export function shownOnce(created) {
  const code = h("code", { class: "secret", "data-testid": "new-key" }, created.key);
  const copy = h("button", { type: "button", class: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(created.key);
    } catch {
      // No clipboard permission (e.g. plain http on another host): select it for Ctrl+C.
      getSelection().selectAllChildren(code);
      toast("Press Ctrl+C (⌘C) to copy the selected key");
      return;
    }
    copy.textContent = "Copied";
    toast("API key copied to the clipboard");
  });
  return h("div", { class: "once", role: "group", "aria-label": "Your new API key" },
    h("p", {}, h("strong", {}, "Copy this key now: "), "it is shown only once."),
    h("div", { class: "key-row" }, code, copy));
}

export async function keysView(main) {
  const list = h("div", { "aria-live": "polite" });
  const fresh = h("div");
  const nameInput = h("input", { id: "key-name", name: "name", maxlength: 200,
    placeholder: "e.g. production server" });
  const form = h("form", { class: "inline-form" },
    h("label", { for: "key-name" }, "Name"), nameInput,
    h("button", { type: "submit", class: "button primary" }, "Create key"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const created = await account("POST", "/v1/keys", { name: nameInput.value || null });
      nameInput.value = "";
      fresh.replaceChildren(shownOnce(created));
      await refresh();
      fresh.querySelector("button").focus();
    } catch (e) {
      toast(e.detail || e.message, "error");
    }
  });

  async function refresh() {
    const { data } = await account("GET", "/v1/keys");
    clear(list);
    if (!data.length) {
      append(list, h("p", { class: "muted" }, "No active keys."));
      return;
    }
    const rows = data.map((key) => {
      const revoke = h("button", { type: "button", class: "button danger small",
        "aria-label": `Revoke ${key.name ? `key ${key.name}` : "unnamed key"} ending in ${key.last4}` },
      "Revoke");
      revoke.addEventListener("click", async () => {
        const inUse = key.id === session.keyId ? " The dashboard uses it in this tab." : "";
        if (!confirm(`Revoke the key ending in ${key.last4}? Requests with it fail at once.${inUse}`)) return;
        try {
          await account("DELETE", `/v1/keys/${key.id}`);
          if (key.id === session.keyId) session.dropKey();
          toast("Key revoked");
          await refresh();
        } catch (e) {
          toast(e.detail || e.message, "error");
        }
      });
      return h("tr", {},
        h("td", {}, key.name || h("span", { class: "muted" }, "unnamed"),
          key.id === session.keyId ? h("span", { class: "tag", title: "The dashboard uses this key in this tab" }, "used here") : null),
        h("td", {}, h("code", { class: "nowrap" }, `${key.prefix}…${key.last4}`)),
        h("td", { "data-label": "Created" }, when(key.created_at)),
        h("td", { "data-label": "Last used" },
          key.last_used_at ? when(key.last_used_at) : h("span", { class: "muted" }, "never")),
        h("td", { class: "actions" }, revoke));
    });
    append(list, h("div", { class: "table-wrap" }, h("table", { class: "stacked" },
      h("caption", { class: "sr-only" }, "Active API keys"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Key"),
        h("th", { scope: "col" }, "Created"), h("th", { scope: "col" }, "Last used"),
        h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
      h("tbody", {}, rows))));
  }

  append(main,
    h("h1", {}, "API keys"),
    h("p", { class: "muted" }, "Send a key as ", h("code", {}, "Authorization: Bearer ve_live_…"),
      " or ", h("code", {}, "X-API-Key"), ". Keys are stored hashed: a lost key cannot be shown " +
      "again; create a new one and revoke the old."),
    h("section", { class: "card" }, h("h2", {}, "New key"), form, fresh),
    h("section", { class: "card" }, h("h2", {}, "Active keys"), list));
  await refresh();
}
