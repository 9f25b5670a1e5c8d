// A stand-in for Shopify's App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js), served
// by the local emulator because the CDN cannot be reached here. It provides what Tsunagu uses:
// shopify.idToken(), fetch that carries a fresh session token, the navigation menu, the title bar,
// the contextual save bar, toasts, and the session-token bounce page (shopify-reload). The admin shell
// (the parent frame) renders the menu, title, save bar and toasts.
(function () {
  "use strict";
  var script = document.currentScript;
  var emulatorOrigin = new URL(script.src).origin;
  var apiKey = script.getAttribute("data-api-key") || "";
  var params = new URLSearchParams(location.search);
  var STORAGE_KEY = "tsunagu-emulator-app-bridge";
  var saved;
  try {
    saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
  } catch {
    saved = {};
  }
  var config = {
    apiKey: apiKey,
    shop: params.get("shop") || saved.shop || "",
    host: params.get("host") || saved.host || "",
    locale: params.get("locale") || saved.locale || "en",
  };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(config));
  } catch {
    /* storage may be blocked */
  }

  function toParent(message) {
    if (window.parent !== window) window.parent.postMessage(Object.assign({ source: "tsunagu-app" }, message), emulatorOrigin);
  }

  function idToken() {
    var url = emulatorOrigin + "/admin/session-token?shop=" + encodeURIComponent(config.shop) + "&api_key=" + encodeURIComponent(apiKey);
    return nativeFetch(url, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("session token request failed: " + response.status);
        return response.json();
      })
      .then(function (body) {
        return body.idToken;
      });
  }

  // Authenticated fetch: same-origin requests carry "Authorization: Bearer <session token>";
  // a 401 asking for a retry (X-Shopify-Retry-Invalid-Session-Request) is retried once.
  var nativeFetch = window.fetch.bind(window);
  function isSameOrigin(input) {
    var url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
    return url.origin === location.origin;
  }
  function authenticatedFetch(input, init) {
    if (!isSameOrigin(input)) return nativeFetch(input, init);
    var send = function () {
      return idToken().then(function (token) {
        var headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
        headers.set("Authorization", "Bearer " + token);
        return nativeFetch(input, Object.assign({}, init, { headers: headers }));
      });
    };
    return send().then(function (response) {
      return response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1" ? send() : response;
    });
  }
  window.fetch = authenticatedFetch;

  var toastId = 0;
  window.shopify = {
    config: config,
    idToken: idToken,
    toast: {
      show: function (message, options) {
        toastId += 1;
        toParent({ type: "toast", id: toastId, message: String(message), isError: Boolean(options && options.isError) });
        return String(toastId);
      },
      hide: function (id) {
        toParent({ type: "toast-hide", id: id });
      },
    },
    loading: function (isLoading) {
      toParent({ type: "loading", loading: isLoading !== false });
    },
  };

  // The bounce page (/auth/session-token): reload the requested URL with a fresh id_token.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload, location.href);
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
    return;
  }

  // <ui-nav-menu> and <ui-title-bar> (rendered by @shopify/app-bridge-react) are App Bridge's custom
  // elements: the admin renders them, so inside the app they take no space.
  ["ui-nav-menu", "ui-title-bar"].forEach(function (name) {
    if (customElements.get(name)) return;
    customElements.define(
      name,
      class extends HTMLElement {
        connectedCallback() {
          this.style.display = "none";
        }
      },
    );
  });
  // <ui-save-bar> (SaveBar of @shopify/app-bridge-react): shown and hidden through its methods; the admin
  // renders the bar, whose Save clicks the app's <button variant="primary"> and Discard its other button.
  function saveBarButtons(bar) {
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    return {
      save: buttons.filter(function (b) {
        return b.getAttribute("variant") === "primary";
      })[0],
      discard: buttons.filter(function (b) {
        return !b.hasAttribute("variant");
      })[0],
    };
  }
  function shownSaveBar() {
    return Array.prototype.filter.call(document.querySelectorAll("ui-save-bar"), function (bar) {
      return bar.showing;
    })[0];
  }
  var publishedSaveBar = "";
  function publishSaveBar() {
    var bar = shownSaveBar();
    var state = { type: "save-bar", open: Boolean(bar) };
    if (bar) {
      var buttons = saveBarButtons(bar);
      ["save", "discard"].forEach(function (which) {
        var button = buttons[which];
        state[which] = button ? { disabled: button.disabled, loading: button.hasAttribute("loading") } : null;
      });
    }
    var key = JSON.stringify(state);
    if (key === publishedSaveBar) return;
    publishedSaveBar = key;
    toParent(state);
  }
  if (!customElements.get("ui-save-bar")) {
    customElements.define(
      "ui-save-bar",
      class extends HTMLElement {
        connectedCallback() {
          this.style.display = "none";
        }
        disconnectedCallback() {
          if (this._showing) {
            this._showing = false;
            publishSaveBar();
          }
        }
        get showing() {
          return Boolean(this._showing);
        }
        show() {
          return this._set(true);
        }
        hide() {
          return this._set(false);
        }
        toggle() {
          return this._set(!this._showing);
        }
        _set(showing) {
          if (Boolean(this._showing) !== showing) {
            this._showing = showing;
            this.dispatchEvent(new CustomEvent(showing ? "show" : "hide"));
            publishSaveBar();
          }
          return Promise.resolve();
        }
      },
    );
  }
  function saveBarById(id) {
    return document.getElementById(id);
  }
  window.shopify.saveBar = {
    show: function (id) {
      return saveBarById(id).show();
    },
    hide: function (id) {
      return saveBarById(id).hide();
    },
    toggle: function (id) {
      return saveBarById(id).toggle();
    },
    leaveConfirmation: function () {
      return Promise.resolve();
    },
  };
  new MutationObserver(publishSaveBar).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["disabled", "loading", "variant"],
  });

  // Their content goes to the admin shell.
  function publishChrome() {
    var menu = document.querySelector("ui-nav-menu");
    if (menu) {
      var items = Array.prototype.map.call(menu.querySelectorAll("a"), function (a) {
        return { label: a.textContent.trim(), href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" };
      });
      toParent({ type: "nav", items: items });
    }
    var titleBar = document.querySelector("ui-title-bar");
    if (titleBar) toParent({ type: "title", title: titleBar.getAttribute("title") || "" });
    toParent({ type: "location", path: location.pathname });
  }
  new MutationObserver(publishChrome).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["title"],
  });
  document.addEventListener("DOMContentLoaded", publishChrome);

  // A click in the shell's menu navigates inside the app (the AppProvider listens for shopify:navigate).
  window.addEventListener("message", function (event) {
    if (event.origin !== emulatorOrigin || !event.data || event.data.type !== "save-bar-click") return;
    var bar = shownSaveBar();
    var button = bar && saveBarButtons(bar)[event.data.button];
    if (button && !button.disabled) button.click();
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== emulatorOrigin || !event.data || event.data.type !== "navigate") return;
    var anchor = document.createElement("a");
    anchor.setAttribute("href", event.data.href);
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    anchor.remove();
  });
})();
