// The console's only script: reload a running sync's page, copy a shown-once secret, select all findings of a page
// and say that a bulk action is running. Everything works without it.
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
  var all = document.getElementById('select-all');
  if (all) {
    all.hidden = false;
    all.addEventListener('change', function () {
      document.querySelectorAll('input.select-finding').forEach(function (box) { box.checked = all.checked; });
    });
  }
  var bulk = document.getElementById('bulk-form');
  if (bulk) {
    bulk.addEventListener('submit', function () {
      var n = bulk.querySelectorAll('input.select-finding:checked').length;
      var button = document.getElementById('bulk-submit');
      button.disabled = true;
      button.textContent = 'Working on ' + n + ' finding' + (n === 1 ? '' : 's') + '…';
    });
  }
});
