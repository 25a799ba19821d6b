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
      if (!source || source.name !== "add_rows") return;
      // With no connection the form cannot go to the server and back: the row is made here.
      if (event.type === "htmx:sendError") addRowHere();
      else form.requestSubmit(source);
    }

    // A blank copy of a row, numbered as the next one.
    function addRowHere() {
      const total = form.querySelector("#id_form-TOTAL_FORMS");
      const count = Number(total.value);
      // A row with no exercise chosen yet offers every kind of dose (counted and timed).
      const rows = [...form.querySelectorAll("#entries .entry")];
      const model = rows.find((row) => !row.querySelector("select").value) || rows[0];
      if (!model || count >= Number(form.querySelector("#id_form-MAX_NUM_FORMS").value)) return;
      const from = model.id.slice("entry-".length);
      const row = model.cloneNode(true);
      const renamed = new RegExp(`(form-|entry-|"index": ")${from}\\b`, "g");
      for (const node of [row, ...row.querySelectorAll("*")]) {
        for (const attribute of [...node.attributes]) {
          node.setAttribute(attribute.name, attribute.value.replace(renamed, `$1${count}`));
        }
      }
      row.querySelectorAll(".error, .hint, .field-errors").forEach((node) => node.remove());
      row.querySelectorAll(".has-error").forEach((node) => node.classList.remove("has-error"));
      row.querySelectorAll("[aria-invalid]").forEach((node) => {
        node.removeAttribute("aria-invalid");
        node.removeAttribute("aria-describedby");
      });
      row.querySelectorAll("input").forEach((input) => {
        input.value = "";
      });
      row.querySelectorAll("select").forEach((select) => {
        select.selectedIndex = 0;
      });
      row.querySelector("legend").textContent = `Exercise ${count + 1}`;
      const remove = row.querySelector("button[name=remove_row]");
      remove.value = String(count);
      remove.setAttribute("aria-label", `Remove exercise ${count + 1}`);
      total.value = String(count + 1);
      form.querySelector("#entries").append(row);
      window.htmx?.process(row);
      firstField(row)?.focus();
    }

    form.addEventListener("htmx:beforeOnLoad", (event) => {
      const xhr = event.detail.xhr;
      const asked = new URL(event.detail.pathInfo.requestPath, window.location.href).pathname;
      const answered = xhr.responseURL ? new URL(xhr.responseURL).pathname : asked;
      if (xhr.status >= 400 || answered !== asked) fallBack(event);
    });
    form.addEventListener("htmx:sendError", fallBack);

    // Known to be offline (the browser says so, or this page is the copy kept on the device):
    // nothing is asked of the server. A new row is made here; an exercise chosen keeps the
    // numbers typed (the program's dose comes with a connection).
    const copy = document.querySelector("main > .offline-copy") !== null;
    form.addEventListener("htmx:beforeRequest", (event) => {
      if (navigator.onLine && !copy) return;
      event.preventDefault();
      if (event.detail.elt?.name === "add_rows") addRowHere();
    });
  }
}
