// Sends the page's form at once (the provider's answer posted to an app, or the sign-out's next step);
// without JavaScript the person presses its button.
document.getElementById('auto-submit').submit();
