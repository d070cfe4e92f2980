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

// Issue 13: on a phone, a record table marked data-cards becomes cards: each cell is labelled with its column's
// heading and the row's first cell heads the card. Without JavaScript the table keeps its scroll cue; a table
// whose rows hold row headings or span columns is left as it is (but for a lone "nothing yet" row).
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 700px)").matches) {
    return;
  }
  document.querySelectorAll("table[data-cards]").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const rows = [...table.querySelectorAll("tbody tr")].filter((tr) => tr.children.length > 1);
    const simple = (tr) =>
      tr.children.length === heads.length && [...tr.children].every((cell) => cell.tagName === "TD");
    if (!rows.every(simple)) {
      return;
    }
    rows.forEach((tr) => {
      const cells = [...tr.children];
      cells.forEach((cell, i) => {
        if (!cell.dataset.label && heads[i]) {
          cell.dataset.label = heads[i];
        }
      });
      if (!tr.querySelector("td.name")) {
        cells[0].classList.add("name");
      }
    });
    table.classList.add("cards");
  });
});
