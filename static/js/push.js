// Reminders as notifications on this device (Web Push): the settings page's "Show reminders on
// this device" and "Stop them". The browser makes the subscription with the site's public key;
// the server keeps its address and sends the reminders there (manage.py send_reminders).
const box = document.getElementById("push");

if (box && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window) {
  const state = box.querySelector(".push-state");
  const on = box.querySelector("[data-push=on]");
  const off = box.querySelector("[data-push=off]");
  const token = document.querySelector("#reminders input[name=csrfmiddlewaretoken]").value;

  function show(subscribed, text) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    state.textContent =
      text ||
      (subscribed
        ? "This device shows your reminders as notifications."
        : "This device does not show your reminders as notifications.");
  }

  async function tell(url, fields) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({ ok: false }));
    if (!answer.ok) throw new Error(answer.error || "The site did not answer. Try again later.");
  }

  async function subscription() {
    const registration = await navigator.serviceWorker.ready;
    return registration.pushManager.getSubscription();
  }

  on.addEventListener("click", async () => {
    if ((await Notification.requestPermission()) !== "granted") {
      show(false, "Notifications are turned off for this site in your browser's settings: allow them there, then try again.");
      return;
    }
    let made = null;
    try {
      const registration = await navigator.serviceWorker.ready;
      made = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: box.dataset.key });
      const { endpoint, keys } = made.toJSON();
      await tell(box.dataset.subscribe, { endpoint, p256dh: keys.p256dh, auth: keys.auth });
      show(true);
    } catch (error) {
      if (made) await made.unsubscribe().catch(() => {});
      show(false, `Notifications could not be turned on: ${error.message}`);
    }
  });

  off.addEventListener("click", async () => {
    try {
      const made = await subscription();
      if (made) {
        await tell(box.dataset.unsubscribe, { endpoint: made.endpoint });
        await made.unsubscribe();
      }
      show(false);
    } catch (error) {
      show(true, `Notifications could not be stopped: ${error.message}`);
    }
  });

  box.hidden = false;
  subscription().then(
    (made) => show(Boolean(made) && Notification.permission === "granted"),
    () => show(false),
  );
}
