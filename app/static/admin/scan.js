// The scan pages (card verification, pickup redemption). A USB QR scanner types the code into the
// focused field and presses Enter, so the form posts as usual and needs no script; this file keeps
// the field focused for the next scan and adds 用摄像头扫码: camera → canvas → jsQR
// (app/static/vendor/jsqr, served by the app itself) → fill the field → submit.
(function () {
  "use strict";

  // Give up on a camera scan after this long (nothing on a station PC may run forever).
  var CAMERA_SCAN_MS = 60000;
  // Frames decoded per second: enough to catch a held-up phone, light on a station PC.
  var FRAME_MS = 150;

  /** The text of the QR code drawn on `canvas`, or null when it shows none. */
  function decodeCanvas(canvas) {
    var image = canvas.getContext("2d", { willReadFrequently: true })
      .getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(image.data, image.width, image.height);
    return found && found.data ? found.data : null;
  }
  window.qrScan = { decodeCanvas: decodeCanvas };

  function cameraMessage(error) {
    if (error && error.name === "NotAllowedError") return "未获得摄像头权限，请在浏览器地址栏允许使用摄像头，或使用扫码枪、手动输入";
    if (error && error.name === "NotFoundError") return "未找到摄像头，请使用扫码枪或手动输入";
    return "无法打开摄像头，请使用扫码枪或手动输入";
  }

  function scanWithCamera(form, field, button) {
    var status = form.querySelector("[data-camera-status]");
    var video = form.querySelector("[data-camera-video]");
    function say(text) { status.textContent = text; status.classList.remove("hidden"); }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("此浏览器不能在本页使用摄像头（需要 HTTPS），请使用扫码枪或手动输入");
      return;
    }
    button.disabled = true;
    say("正在打开摄像头…");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
      var canvas = document.createElement("canvas");
      var deadline = Date.now() + CAMERA_SCAN_MS;
      function stop() {
        stream.getTracks().forEach(function (track) { track.stop(); });
        video.srcObject = null;
        video.classList.add("hidden");
        button.disabled = false;
      }
      function frame() {
        if (Date.now() > deadline) { stop(); say("未识别到二维码，请重试或手动输入"); field.focus(); return; }
        if (video.readyState >= 2 && video.videoWidth) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0);
          var text = decodeCanvas(canvas);
          if (text) {
            stop();
            field.value = text.trim();
            say("已识别，正在提交…");
            form.requestSubmit();
            return;
          }
        }
        window.setTimeout(frame, FRAME_MS);
      }
      video.srcObject = stream;
      video.classList.remove("hidden");
      video.play();
      say("请将二维码对准摄像头");
      frame();
    }).catch(function (error) {
      button.disabled = false;
      say(cameraMessage(error));
      field.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-scan]").forEach(function (form) {
      var field = form.querySelector("[data-scan-field]");
      var result = document.getElementById("scan-result");
      field.value = "";
      field.focus();
      // The next scan starts typing: the last result no longer answers it.
      field.addEventListener("input", function () { if (result) result.classList.add("stale"); });
      // A click elsewhere must not leave the scanner typing into nothing.
      document.addEventListener("keydown", function (event) {
        if (document.activeElement === document.body && !event.ctrlKey && !event.metaKey && !event.altKey) field.focus();
      });
      var button = form.querySelector("[data-camera]");
      button.addEventListener("click", function () { scanWithCamera(form, field, button); });
    });
  });
})();
