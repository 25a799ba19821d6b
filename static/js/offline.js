// Keeps the guide and the warning signs on the device, for a floor with no signal (the service
// worker at /sw.js), and shows the sessions logged there with no connection until they are sent.
// Without it the site works the same online.
const STATES = {
  waiting: "Waiting for a connection. It will be sent when you are online.",
  "signed-out": "Not sent yet: you are signed out. Sign in and it will be sent.",
  "someone-else": "Not sent: another person is signed in on this device. It will be sent when the person who logged it signs in.",
  screening: "Not sent yet: answer this week's safety questions first, then it will be sent.",
  refused: "Not taken by your diary:",
};

function ask(type, extra = {}) {
  navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type, ...extra }));
}

function element(tag, text, attributes = {}) {
  const made = document.createElement(tag);
  if (text) made.textContent = text;
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  return made;
}

function when(item) {
  const [year, month, day] = item.date.split("-").map(Number);
  const date = year ? new Date(year, month - 1, day) : new Date(item.keptAt);
  const shown = date.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  return item.time ? `${shown}, ${item.time.slice(0, 5)}` : shown;
}

function exercises(count) {
  if (!count) return "no exercise named";
  return count === 1 ? "1 exercise" : `${count} exercises`;
}

// On any page: one line saying that something waits, with the way to it.
function note(items, page) {
  const main = document.querySelector("main");
  let line = document.getElementById("outbox-note");
  if (!items.length) return line?.remove();
  if (!line) {
    line = element("p", "", { id: "outbox-note", class: "offline-note outbox-note", role: "status" });
    main?.prepend(line);
  }
  const count = items.length === 1 ? "1 session logged on this device is" : `${items.length} sessions logged on this device are`;
  line.replaceChildren(`${count} waiting to be sent. `, element("a", "See what is waiting", { href: page }));
}

// On the page of kept sessions: each one, why it waits, and what to do.
function list(section, items) {
  section.querySelectorAll(".outbox-item").forEach((old) => old.remove());
  section.querySelector("[data-outbox-empty]").hidden = items.length > 0;
  for (const item of items) {
    const article = element("article", "", { class: `outbox-item outbox-${item.state}` });
    article.append(element("h2", `Session of ${when(item)}`));
    const since = new Date(item.keptAt).toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    article.append(element("p", `${exercises(item.exercises)}. Kept on this device since ${since}.`));
    const state = element("p", STATES[item.state] || STATES.waiting, { class: "outbox-state" });
    if (item.reason) state.append(" ", item.reason);
    if (item.state === "signed-out") {
      state.append(" ", element("a", "Sign in", { href: section.dataset.signIn }));
    } else if (item.state === "screening") {
      state.append(" ", element("a", "Answer the safety questions", { href: section.dataset.screening }));
    }
    article.append(state);
    const actions = element("p", "", { class: "outbox-actions" });
    if (item.state === "refused") {
      // Opened again in the log form, with what to correct.
      const open = element("button", "Correct it in the log form", { type: "button" });
      open.addEventListener("click", () => ask("open", { id: item.id }));
      actions.append(open);
    } else {
      const again = element("button", "Send now", { type: "button", class: "secondary" });
      again.addEventListener("click", () => {
        if (!navigator.onLine) state.textContent = "Still no connection. It will be sent when you are online.";
        ask("send");
      });
      actions.append(again);
    }
    // Another person signed in here cannot throw it away.
    if (item.state !== "someone-else") {
      const remove = element("button", "Remove from this device", { type: "button", class: "link-button" });
      remove.addEventListener("click", () => {
        if (window.confirm("Remove this session from this device? It is not in your diary, so it will be lost.")) {
          ask("remove", { id: item.id });
        }
      });
      actions.append(remove);
    }
    article.append(actions);
    section.append(article);
  }
}

// The blank log form opened from the device: a new session, for now, not the one of the day
// the form was saved.
// A kept session opened in the log form: the form as it was typed, sent to the log, which shows
// it again with what to correct (the service worker gives it a form token of now).
function openKept({ url, body }) {
  const form = element("form", "", { method: "post", action: url, hidden: "" });
  for (const [name, value] of new URLSearchParams(body)) {
    form.append(Object.assign(element("input", "", { type: "hidden", name }), { value }));
  }
  form.append(Object.assign(element("input", "", { type: "hidden", name: "kept" }), { value: "1" }));
  document.body.append(form);
  form.submit();
}

function freshForm() {
  const form = document.getElementById("log-form");
  if (!form || !document.querySelector("main > .offline-copy")) return;
  const now = new Date();
  const two = (n) => String(n).padStart(2, "0");
  form.elements.submission_id.value = crypto.randomUUID();
  form.elements.date.value = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  form.elements.time.value = `${two(now.getHours())}:${two(now.getMinutes())}`;
}

if ("serviceWorker" in navigator) {
  // After the page itself: installing fetches the library, and the page comes first.
  window.addEventListener("load", () => navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {}));
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "kept") openKept(event.data);
    if (event.data?.type !== "outbox") return;
    const { items, page } = event.data;
    const section = document.getElementById("outbox");
    if (section) list(section, items);
    else note(items, page);
    // Asks the browser not to clear this site's storage when space runs short.
    if (items.length) navigator.storage?.persist?.();
  });
  navigator.serviceWorker.startMessages();
  freshForm();
  // The next visit sends what waits; so does the connection coming back.
  ask(navigator.onLine ? "send" : "list");
  window.addEventListener("online", () => ask("send"));
}
