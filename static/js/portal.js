// The portal's only script of its own. No inline handlers anywhere: the Content-Security-Policy forbids them.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
