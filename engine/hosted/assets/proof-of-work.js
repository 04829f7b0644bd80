// Solves the page's bot challenge, a proof of work in the ALTCHA format (in #pow-challenge): finds the
// number n whose SHA-256 of salt + n is the challenge, and puts the answer in the form's hidden "pow"
// field. A submit made before it is done waits for it; with "auto", the form is sent when solved.
// Without JavaScript the page offers a code by email instead.
(function () {
  var data = document.getElementById('pow-challenge');
  var form = document.querySelector('form[method=post]');
  var field = form && form.querySelector('input[name=pow]');
  if (!data || !field || !window.crypto || !window.crypto.subtle) return;
  var c = JSON.parse(data.textContent);
  var encoder = new TextEncoder();
  var solved = false;
  var waiting = null;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  async function solve() {
    for (var n = 0; n <= c.maxnumber; n++) {
      if (hex(await crypto.subtle.digest('SHA-256', encoder.encode(c.salt + n))) === c.challenge) return n;
    }
    return null;
  }

  form.addEventListener('submit', function (event) {
    var by = event.submitter;
    if (solved || (by && by.hasAttribute('formnovalidate'))) return;
    event.preventDefault();
    waiting = by || form.querySelector('button.primary');
    if (waiting) waiting.setAttribute('aria-busy', 'true');
  });

  solve().then(function (n) {
    if (n === null) return;
    field.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature }));
    solved = true;
    var submitter = waiting || (c.auto ? form.querySelector('button.primary') : null);
    if (submitter) form.requestSubmit(submitter);
  });
})();
