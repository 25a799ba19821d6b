// Sign-up: fill the hidden time_zone field with this device's zone, so that "today" in the
// person's log starts at their midnight. Without JavaScript (or a browser that cannot tell)
// the field stays empty and the server uses its default zone; the settings page can change it.
// Loaded with defer, so the form is there; the block keeps `field` out of the global scope.
{
  const field = document.getElementById("id_time_zone");
  if (field) {
    try {
      field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
      // No Intl: leave the field empty.
    }
  }
}
