// The log form, with JavaScript: carry on in a row just added, remove a row in place, and fall
// back to the plain form when htmx cannot fetch a row. Without this file every button still
// works: each one sends the form to the server, which shows it again as typed.
// Loaded with defer, so the form is there; the block keeps its names out of the global scope.
{
  const form = document.getElementById("log-form");

  function firstField(row) {
    return row && row.querySelector("select, input:not([type=hidden])");
  }

  if (form) {
    // "Add another exercise": the new row is the last one, and its exercise comes first.
    form.addEventListener("htmx:afterSettle", (event) => {
      if (event.target.id !== "entries") return;
      const rows = event.target.querySelectorAll(".entry");
      const field = firstField(rows[rows.length - 1]);
      if (field) field.focus();
    });

    // "Remove": the row goes at once. Its number is not reused; the server ignores a missing row.
    form.addEventListener("click", (event) => {
      const button = event.target.closest("button[name=remove_row]");
      if (!button) return;
      event.preventDefault();
      const row = button.closest(".entry");
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      const field = firstField(next) || form.querySelector("#add-row button");
      if (field) field.focus();
    });

    // A row the server did not send (an error, or a login that has expired and sent the login
    // page instead) is not pasted into the form. Stopping the event here also keeps away the
    // debug helper of django-htmx, which would paste the error page with inline styles and
    // scripts that this site's Content-Security-Policy refuses. The add button then does what it
    // does without JavaScript; a chosen exercise simply stays chosen.
    function fallBack(event) {
      event.stopPropagation();
      event.preventDefault();
      const source = event.detail.elt;
      if (source && source.name === "add_rows") form.requestSubmit(source);
    }

    form.addEventListener("htmx:beforeOnLoad", (event) => {
      const xhr = event.detail.xhr;
      const asked = new URL(event.detail.pathInfo.requestPath, window.location.href).pathname;
      const answered = xhr.responseURL ? new URL(xhr.responseURL).pathname : asked;
      if (xhr.status >= 400 || answered !== asked) fallBack(event);
    });
    form.addEventListener("htmx:sendError", fallBack);
  }
}
