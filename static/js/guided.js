// A step of today's routine, with JavaScript: a countdown for each hold and rest with the side to
// work, a tap to count repetitions, a stopwatch for walking and swimming; a short beep and a buzz
// at the end of each hold (each can be switched off, and the choice is remembered); the screen
// kept awake while a timer runs. Every count goes into the form's own fields, so what is sent is
// what the person sees. Without this file the page is a plain form: the person counts for
// themselves and presses Done, which they can always do here too.
// Loaded with defer, so the page is there; the block keeps its names out of the global scope.
{
  const panel = document.getElementById("timer");
  const form = document.getElementById("guide-form");

  // Storage can be refused (a private window): the switches then last for the page.
  const remembered = {
    get(name) {
      try {
        return window.localStorage.getItem(`guided-${name}`);
      } catch {
        return null;
      }
    },
    set(name, value) {
      try {
        window.localStorage.setItem(`guided-${name}`, value);
      } catch {
        // Nothing to do: the switch still works until the page is left.
      }
    },
  };

  function clock(ms) {
    const total = Math.ceil(ms / 1000);
    const minutes = Math.floor(total / 60);
    return `${minutes}:${String(total % 60).padStart(2, "0")}`;
  }

  if (panel && form) {
    const plan = JSON.parse(panel.dataset.plan);
    const part = (name) => panel.querySelector(`[data-${name}]`);
    const phaseText = part("phase");
    const clockText = part("clock");
    const run = part("run");
    const tap = part("tap");
    const undo = part("undo");
    const live = part("say");
    const sound = part("sound");
    const vibrate = part("vibrate");
    const field = (name) => form.elements[`dose-${name}`];
    let audio = null;
    let lock = null;
    let running = false;

    function say(text) {
      // Cleared first, so that the same words twice are read twice.
      live.textContent = "";
      window.setTimeout(() => {
        live.textContent = text;
      }, 50);
    }

    function counted(values) {
      for (const [name, value] of Object.entries(values)) {
        if (field(name)) field(name).value = String(value);
      }
      form.elements.counted.value = "1";
    }

    // The end of a hold: a short soft tone, and a buzz where the phone has one. The tone plays
    // as "ambient" sound where the browser allows it, so a phone set to silent stays silent.
    function signal() {
      if (sound.checked && audio) {
        const now = audio.currentTime;
        const tone = audio.createOscillator();
        const volume = audio.createGain();
        tone.frequency.value = 660;
        volume.gain.setValueAtTime(0.0001, now);
        volume.gain.exponentialRampToValueAtTime(0.2, now + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
        tone.connect(volume).connect(audio.destination);
        tone.start(now);
        tone.stop(now + 0.4);
      }
      if (vibrate.checked && navigator.vibrate) navigator.vibrate(200);
    }

    // Sound can only start from a tap: the first press of Start or of the counter opens it.
    function openAudio() {
      if (audio || !sound.checked) return;
      if (navigator.audioSession) navigator.audioSession.type = "ambient";
      const Context = window.AudioContext || window.webkitAudioContext;
      if (Context) audio = new Context();
    }

    async function keepAwake() {
      if (!("wakeLock" in navigator) || lock) return;
      try {
        lock = await navigator.wakeLock.request("screen");
        lock.addEventListener("release", () => {
          lock = null;
        });
      } catch {
        lock = null; // refused (a low battery, a hidden page): the screen may simply dim
      }
    }

    function letSleep() {
      if (lock) lock.release().catch(() => {});
      lock = null;
    }

    // The lock goes when the page is hidden; it comes back with the page if a timer runs.
    document.addEventListener("visibilitychange", () => {
      if (running && document.visibilityState === "visible") keepAwake();
    });

    for (const [box, name] of [
      [sound, "sound"],
      [vibrate, "vibrate"],
    ]) {
      box.checked = remembered.get(name) !== "off";
      box.addEventListener("change", () => {
        remembered.set(name, box.checked ? "on" : "off");
        if (box === sound) openAudio();
      });
    }
    if (!navigator.vibrate) part("vibrate-option").hidden = true;

    // Holds and rests, counted down one after the other.
    function holds(phases) {
      let index = 0;
      let left = phases[0].seconds * 1000;
      let endsAt = 0;
      let ticker = null;
      let spoken = null;

      function show() {
        const phase = phases[index];
        phaseText.textContent = `${phase.label} · ${phase.of}`;
        clockText.textContent = clock(left);
        panel.dataset.now = phase.kind;
      }

      function stopTicking() {
        window.clearInterval(ticker);
        running = false;
        letSleep();
      }

      // Said at a phase's start, every 30 seconds of a long one, and 10 seconds from the end of
      // one of 20 seconds or more: enough to follow without looking, never every second.
      function announce(seconds, phase) {
        if (seconds === spoken || seconds <= 0 || seconds >= phase.seconds) return;
        if (seconds % 30 === 0 || (seconds === 10 && phase.seconds >= 20)) {
          spoken = seconds;
          say(`${seconds} seconds left`);
        }
      }

      function tick() {
        left = Math.max(0, endsAt - Date.now());
        const phase = phases[index];
        if (left > 0) {
          announce(Math.ceil(left / 1000), phase);
          show();
          return;
        }
        if (phase.kind === "hold") signal();
        if (phase.ends_set) counted({ sets: phase.set });
        index += 1;
        if (index === phases.length) {
          stopTicking();
          index = phases.length - 1;
          phaseText.textContent = "All done";
          clockText.textContent = clock(0);
          run.hidden = true;
          say("All done. Press Done to go on.");
          return;
        }
        const next = phases[index];
        left = next.seconds * 1000;
        endsAt = Date.now() + left;
        spoken = null;
        say(next.say);
        show();
      }

      run.addEventListener("click", () => {
        if (running) {
          stopTicking();
          left = Math.max(0, endsAt - Date.now());
          run.textContent = "Carry on";
          say("Paused");
          return;
        }
        openAudio();
        running = true;
        endsAt = Date.now() + left;
        run.textContent = "Pause";
        say(left === phases[index].seconds * 1000 ? phases[index].say : "Carrying on");
        keepAwake();
        ticker = window.setInterval(tick, 200);
      });
      show();
    }

    // Repetitions, one tap each, towards the program's aim where it gives one.
    function repetitions(target, aim) {
      let count = 0;
      // Taken back to nothing counted, the fields show what they showed before.
      const before = { sets: field("sets").value, reps: field("reps").value };
      const show = () => {
        clockText.textContent = String(count);
        phaseText.textContent = aim ? `Aim: ${aim}` : "Count as you go";
        undo.disabled = count === 0;
      };
      tap.addEventListener("click", () => {
        openAudio();
        count += 1;
        counted(field("sets").value ? { reps: count } : { sets: 1, reps: count });
        if (count === target) {
          signal();
          say(`${count}: that is the aim`);
        } else {
          say(String(count));
        }
        show();
      });
      undo.addEventListener("click", () => {
        count = Math.max(0, count - 1);
        if (count > 0) {
          counted({ reps: count });
        } else {
          field("sets").value = before.sets;
          field("reps").value = before.reps;
          form.elements.counted.value = "";
        }
        say(String(count));
        show();
        if (count === 0) tap.focus();
      });
      show();
    }

    // An activity's minutes, counted up.
    function stopwatch() {
      let before = 0;
      let since = 0;
      let ticker = null;
      let minutesSaid = 0;
      const elapsed = () => before + (running ? Date.now() - since : 0);
      const show = () => {
        clockText.textContent = clock(elapsed());
      };
      function tick() {
        const minutes = Math.floor(elapsed() / 60000);
        if (minutes > minutesSaid) {
          minutesSaid = minutes;
          counted({ minutes });
          say(minutes === 1 ? "1 minute" : `${minutes} minutes`);
        }
        show();
      }
      run.addEventListener("click", () => {
        if (running) {
          before = elapsed();
          running = false;
          window.clearInterval(ticker);
          letSleep();
          run.textContent = "Carry on";
          say("Paused");
        } else {
          since = Date.now();
          running = true;
          keepAwake();
          ticker = window.setInterval(tick, 500);
          run.textContent = "Pause";
          say("Started");
        }
      });
      phaseText.textContent = "Time it as you go";
      show();
    }

    if (plan.kind === "holds") {
      holds(plan.phases);
      tap.hidden = undo.hidden = true;
    } else if (plan.kind === "stopwatch") {
      stopwatch();
      tap.hidden = undo.hidden = true;
      part("options").hidden = true;
    } else {
      repetitions(plan.target || 0, plan.aim || "");
      run.hidden = true;
    }
    panel.hidden = false;
  }
}
