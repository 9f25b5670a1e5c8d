// Tsunagu review request: sends the form to the app proxy without leaving the page and shows the
// answer. Loaded deferred by the block; without it the form still posts normally.
(() => {
  for (const root of document.querySelectorAll("[data-tsunagu-review]")) {
    const form = root.querySelector("[data-tsunagu-review-form]");
    const status = root.querySelector("[data-tsunagu-status]");
    const thanks = root.querySelector("[data-tsunagu-thanks]");
    const messages = JSON.parse(root.querySelector("[data-tsunagu-messages]").textContent);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("[type=submit]");
      button.disabled = true;
      status.textContent = messages.sending;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          headers: { Accept: "application/json" },
          body: new URLSearchParams(new FormData(form)),
        });
        const answer = await response.json().catch(() => ({}));
        if (response.ok && answer.ok) {
          form.hidden = true;
          thanks.hidden = false;
          thanks.focus();
          return;
        }
        status.textContent = messages[answer.error] || messages.error;
      } catch {
        status.textContent = messages.error;
      }
      button.disabled = false;
    });
  }
})();
