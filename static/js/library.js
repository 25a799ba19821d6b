// Library filters: leave empty fields out of the address ("?q=&stage=" says nothing), so the
// address htmx puts in the history is the short one. Without JavaScript the server answers such
// an address with a redirect to the same one without them.
document.body.addEventListener("htmx:configRequest", (event) => {
  const data = event.detail.formData;
  if (!data || !event.detail.elt.matches("form.filters")) {
    return;
  }
  for (const name of new Set(data.keys())) {
    const values = data.getAll(name).filter((value) => String(value).trim() !== "");
    data.delete(name);
    for (const value of values) {
      data.append(name, value);
    }
  }
});

// With no connection (the browser says so, or this is the copy kept on the device) the server
// cannot filter: nothing is asked of it, and the count says why every exercise still shows.
document.body.addEventListener("htmx:beforeRequest", (event) => {
  if (navigator.onLine && !document.querySelector("main > .offline-copy")) return;
  if (!event.detail.elt.closest("form.filters")) return;
  event.preventDefault();
  const count = document.getElementById("result-count");
  if (count) count.textContent = "No connection: searching and filtering need one, so every exercise is shown.";
});
