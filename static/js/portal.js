// The portal's only script of its own. No inline handlers anywhere: the Content-Security-Policy forbids them.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Issue 13: on a phone, filters fold away behind one "Filter …" summary (open when some filter is set),
// so the records come first. The summary reuses the form's translated aria-label.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 700px)").matches) {
    return;
  }
  document.querySelectorAll('form.filters[role="search"]').forEach((form) => {
    const active = [...form.elements].filter(
      (el) => el.name && el.type !== "hidden" && el.type !== "submit" && el.value !== "",
    ).length;
    const details = document.createElement("details");
    details.className = "filters-toggle";
    const summary = document.createElement("summary");
    summary.textContent = form.getAttribute("aria-label") + (active ? ` (${active})` : "");
    details.appendChild(summary);
    form.parentNode.insertBefore(details, form);
    details.appendChild(form);
  });
});

// Issue 13: a form answered with errors moves the focus to its summary at the top (which links to each field).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary[data-focus]");
  if (summary) {
    summary.focus();
  }
});

// Without JavaScript such a form is a GET to the action's URL, which shows a confirmation page; once the
// dialog has the answer, it becomes the POST itself (with the CSRF token the page carries for htmx).
function confirmAsPost(form) {
  if (form.method.toLowerCase() === "post") {
    return;
  }
  form.method = "post";
  const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrfmiddlewaretoken";
  token.value = headers["X-CSRFToken"] || "";
  form.appendChild(token);
}

// Issue 13: every delete, withdraw and remove asks first. A form with data-confirm="question" opens a modal
// dialog (keyboard: Tab between the buttons, Escape cancels); only "Yes" submits it.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || form.dataset.confirmed === "1") {
    return;
  }
  event.preventDefault();
  const dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") {
    if (window.confirm(form.dataset.confirm)) {
      confirmAsPost(form);
      form.dataset.confirmed = "1";
      form.requestSubmit(event.submitter || undefined);
    }
    return;
  }
  dialog.querySelector("[data-confirm-text]").textContent = form.dataset.confirm;
  const yes = dialog.querySelector("[data-confirm-yes]");
  yes.textContent = (event.submitter && event.submitter.textContent.trim()) || yes.dataset.label;
  dialog.returnValue = "";
  dialog.showModal();
  dialog.querySelector("[data-confirm-no]").focus();
  dialog.addEventListener(
    "close",
    () => {
      if (dialog.returnValue === "yes") {
        confirmAsPost(form);
        form.dataset.confirmed = "1";
        form.requestSubmit(event.submitter || undefined);
      }
    },
    { once: true },
  );
});

// Issue 13: the running header of a printed page names the page (its title without the portal's name).
document.addEventListener("DOMContentLoaded", () => {
  const slot = document.querySelector("[data-print-title]");
  if (slot) {
    slot.textContent = document.title.split(" · ")[0];
  }
});
