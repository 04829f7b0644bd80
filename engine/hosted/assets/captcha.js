// Draws the CAPTCHA provider's widget (Turnstile, hCaptcha or reCAPTCHA) described in #captcha-widget
// inside the page's form, and copies the token the widget gives once solved into the hidden "captcha"
// field; the server checks it with the provider. Without JavaScript the page offers a code by email.
(function () {
  var data = document.getElementById('captcha-widget');
  var form = document.querySelector('form[method=post]');
  var field = form && form.querySelector('input[name=captcha]');
  if (!data || !field) return;
  var w = JSON.parse(data.textContent);
  window.gerbangCaptchaSolved = function (token) {
    field.value = token;
  };
  window.gerbangCaptchaExpired = function () {
    field.value = '';
  };
  var box = document.createElement('div');
  box.className = w.widgetClass;
  box.setAttribute('data-sitekey', w.siteKey);
  box.setAttribute('data-callback', 'gerbangCaptchaSolved');
  box.setAttribute('data-expired-callback', 'gerbangCaptchaExpired');
  var actions = form.querySelector('.actions');
  form.insertBefore(box, actions);
  var script = document.createElement('script');
  script.src = w.scriptUrl;
  script.async = true;
  script.defer = true;
  document.head.appendChild(script);
})();
