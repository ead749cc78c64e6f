// Records what "sending" would send, so tests can tell whether the page reacted to a click.
window.__submitted = [];
document.querySelector('.ky-send').addEventListener('click', function () {
  window.__submitted.push(Date.now());
  document.querySelector('.ky-status').textContent = '处方已发送（演示）';
});
