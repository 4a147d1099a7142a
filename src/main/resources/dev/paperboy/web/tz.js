// Paperboy: pre-fills the time zone of the sign-up form from the browser. The form works without it
// (the topic file's default zone is selected), and a zone the reader already chose is left alone.
(function () {
  var select = document.getElementById('timezone');
  if (!select || select.getAttribute('data-chosen') === 'true' || !window.Intl) return;
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT') zone = 'UTC';
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
