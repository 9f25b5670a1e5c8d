// The admin shell: a page that frames the embedded app the way the Shopify admin does — the app
// loads in an iframe with embedded=1, shop, host, locale, a fresh id_token and an hmac — and shows
// the app's navigation menu, title bar, contextual save bar and toasts (sent by the App Bridge stand-in).
import crypto from "node:crypto";

export interface ShellOptions {
  shop: string;
  appUrl: string;
  appHandle: string;
  apiSecret: string;
  idToken: string;
  locale: string;
  path?: string;
  /** The app's own query parameters of a deep link (/store/x/apps/y/path?stage=vip): the admin passes them on. */
  appQuery?: URLSearchParams;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function embeddedAppUrl({ shop, appUrl, apiSecret, idToken, locale, path = "/app", appQuery }: ShellOptions): string {
  const storeHandle = shop.replace(/\.myshopify\.com$/, "");
  const params = new URLSearchParams({
    ...Object.fromEntries(appQuery ?? []),
    embedded: "1",
    host: Buffer.from(`admin.shopify.com/store/${storeHandle}`).toString("base64").replace(/=+$/, ""),
    id_token: idToken,
    locale,
    session: crypto.randomBytes(16).toString("hex"),
    shop,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  const message = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  params.set("hmac", crypto.createHmac("sha256", apiSecret).update(message).digest("hex"));
  return `${new URL(path, appUrl).href}?${params.toString()}`;
}

/** The admin's own words on the contextual save bar (the app's buttons only say what a click does). */
const SAVE_BAR_TEXT: Record<string, { message: string; save: string; discard: string }> = {
  en: { message: "Unsaved changes", save: "Save", discard: "Discard" },
  ja: { message: "未保存の変更", save: "保存", discard: "破棄" },
};

export function renderAdminShell(options: ShellOptions): string {
  const src = embeddedAppUrl(options);
  const saveBarText = SAVE_BAR_TEXT[options.locale] ?? SAVE_BAR_TEXT.en;
  const appOrigin = new URL(options.appUrl).origin;
  return `<!doctype html>
<html lang="${escapeHtml(options.locale)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.shop)} · Shopify admin (local emulator)</title>
<style>
  body { margin: 0; font: 14px/1.4 -apple-system, "Segoe UI", "Hiragino Sans", sans-serif; background: #f1f1f1; }
  header { height: 48px; display: flex; align-items: center; gap: 12px; padding: 0 16px; background: #1a1a1a; color: #fff; }
  header .store { opacity: .8 }
  .layout { display: grid; grid-template-columns: 220px 1fr; height: calc(100vh - 48px); }
  nav { padding: 12px 8px; background: #ebebeb; }
  nav a { display: block; padding: 6px 10px; border-radius: 8px; color: #303030; text-decoration: none; }
  nav a.active { background: #fff; font-weight: 600; }
  nav .app { padding: 6px 10px; font-weight: 600; }
  main { display: flex; flex-direction: column; min-width: 0; }
  #title-bar { height: 44px; display: flex; align-items: center; padding: 0 16px; font-weight: 600; background: #fff; border-bottom: 1px solid #e3e3e3; }
  #save-bar { height: 44px; display: flex; align-items: center; gap: 8px; padding: 0 16px; background: #1a1a1a; color: #fff; }
  #save-bar[hidden] { display: none; }
  #save-bar .message { flex: 1; font-weight: 600; }
  iframe { flex: 1; width: 100%; border: 0; background: #f1f1f1; }
  #toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: grid; gap: 8px; }
  .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 8px; }
  .toast.error { background: #8e1f0b; }
</style>
</head>
<body>
<header><strong>Shopify</strong><span class="store">${escapeHtml(options.shop)} — local emulator</span></header>
<div class="layout">
  <nav aria-label="App navigation"><div class="app">${escapeHtml(options.appHandle)}</div><div id="app-nav"></div></nav>
  <main>
    <div id="title-bar" role="banner"></div>
    <div id="save-bar" role="region" aria-label="${escapeHtml(saveBarText.message)}" hidden>
      <span class="message">${escapeHtml(saveBarText.message)}</span>
      <button type="button" data-save-bar="discard">${escapeHtml(saveBarText.discard)}</button>
      <button type="button" data-save-bar="save">${escapeHtml(saveBarText.save)}</button>
    </div>
    <iframe id="app-frame" name="app-iframe" title="${escapeHtml(options.appHandle)}" src="${escapeHtml(src)}"></iframe>
  </main>
</div>
<div id="toasts" role="status" aria-live="polite"></div>
<script>
(function () {
  var appOrigin = ${JSON.stringify(appOrigin)};
  var frame = document.getElementById("app-frame");
  var nav = document.getElementById("app-nav");
  var currentPath = "/app";
  var items = [];
  function renderNav() {
    nav.textContent = "";
    items.forEach(function (item) {
      var a = document.createElement("a");
      a.href = "#" + item.href;
      a.textContent = item.label;
      if (currentPath === item.href) a.className = "active";
      a.addEventListener("click", function (event) {
        event.preventDefault();
        frame.contentWindow.postMessage({ type: "navigate", href: item.href }, appOrigin);
      });
      nav.appendChild(a);
    });
  }
  // The contextual save bar: its Save and Discard click the app's own buttons in <ui-save-bar>.
  var saveBar = document.getElementById("save-bar");
  function renderSaveBar(state) {
    saveBar.hidden = !state.open;
    ["save", "discard"].forEach(function (which) {
      var button = saveBar.querySelector('[data-save-bar="' + which + '"]');
      var own = state[which];
      button.hidden = !own;
      button.disabled = !own || own.disabled || own.loading;
      button.setAttribute("aria-busy", own && own.loading ? "true" : "false");
    });
  }
  saveBar.addEventListener("click", function (event) {
    var which = event.target && event.target.getAttribute("data-save-bar");
    if (which) frame.contentWindow.postMessage({ type: "save-bar-click", button: which }, appOrigin);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || !event.data || event.data.source !== "tsunagu-app") return;
    var data = event.data;
    if (data.type === "nav") { items = data.items; renderNav(); }
    if (data.type === "title") { document.getElementById("title-bar").textContent = data.title; }
    if (data.type === "location") { currentPath = data.path; renderNav(); }
    if (data.type === "save-bar") renderSaveBar(data);
    if (data.type === "toast") {
      var toast = document.createElement("div");
      toast.className = "toast" + (data.isError ? " error" : "");
      toast.textContent = data.message;
      document.getElementById("toasts").appendChild(toast);
      setTimeout(function () { toast.remove(); }, 5000);
    }
  });
})();
</script>
</body>
</html>`;
}
