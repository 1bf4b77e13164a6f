// The console's only script: reload a running sync's page, and copy a shown-once secret. Everything works without it.
document.addEventListener('DOMContentLoaded', function () {
  var run = document.getElementById('run-status');
  if (run && run.dataset.live === 'true') {
    setTimeout(function () { location.reload(); }, 2000);
  }
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.dataset.copy);
      field.select();
      var done = function () { document.getElementById('copy-done').textContent = 'Copied.'; };
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value).then(done, done); } else { document.execCommand('copy'); done(); }
    });
  });
});
