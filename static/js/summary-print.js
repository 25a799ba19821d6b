// The summary's "Print or save as PDF" button: the browser's own print, which can also save a
// PDF. Without JavaScript the button stays hidden and the page says how to print instead.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
