// Runs the WebAuthn ceremony the page asks for (options in #webauthn-options), puts the result in the
// form's "credential" field and submits it. Needs SimpleWebAuthnBrowser (loaded before this script).
(function () {
  var data = document.getElementById('webauthn-options');
  if (!data) return;
  var request = JSON.parse(data.textContent);
  var form = document.querySelector('form[method=post]');
  var field = form && form.querySelector('input[name=credential]');
  var finish = form && form.querySelector('button[value=passkey-finish]');
  if (!field || !finish) return;
  var ceremony = request.mode === 'register'
    ? SimpleWebAuthnBrowser.startRegistration({ optionsJSON: request.options })
    : SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: request.options });
  ceremony.then(function (result) {
    field.value = JSON.stringify(result);
    finish.click();
  }, function (error) {
    field.value = JSON.stringify({ error: String(error && error.name || error) });
    finish.click();
  });
})();
