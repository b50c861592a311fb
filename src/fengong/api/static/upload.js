/* The upload page: the file goes to POST /documents with the key in X-API-Key (a form cannot set a
   header), and the answer is told in Chinese with a link to the plan. */
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) return;
  var status = document.querySelector("p.status");
  var REASONS = {
    400: "文件是空的。", 401: "请填写 API 密钥。", 403: "API 密钥不对，或服务器不接受上传。",
    413: "文件太大。", 415: "不是可以读取的文件格式（支持 .txt .html .docx .pdf）。",
    422: "文件无法读取（损坏、截断、编码不对或 PDF 没有文字层）。", 503: "图数据库暂时无法连接，请稍后再试。",
  };
  var DONE = { loaded: "已载入", replaced: "已载入，并取代了旧版本", unchanged: "这份文件已经载入过，图没有变化" };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = form.elements.file.files[0];
    if (!file) return;
    var body = new FormData();
    body.append("file", file, file.name);
    status.textContent = "正在上传并抽取……";
    fetch("/documents", { method: "POST", headers: { "X-API-Key": form.elements.key.value }, body: body })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, status: response.status, answer: answer }; });
      })
      .then(function (reply) {
        status.textContent = "";
        if (!reply.ok) {
          var detail = reply.answer && reply.answer.error ? reply.answer.error.message : "";
          status.textContent = "上传失败：" + (REASONS[reply.status] || "服务器出错（HTTP " + reply.status + "）。") + (detail ? "（" + detail + "）" : "");
          status.dataset.result = "failed";
          return;
        }
        var a = reply.answer;
        var link = document.createElement("a");
        link.href = "/pages/plans/" + encodeURIComponent(a.plan_id);
        link.textContent = a.title || a.plan_id;
        status.append(DONE[a.status] + "：", link, "。任务 " + a.tasks + " 项，单位 " + a.units + " 个，目标 " + a.targets + " 项。");
        status.dataset.result = a.status;
      })
      .catch(function (error) { status.textContent = "上传失败：" + error; status.dataset.result = "failed"; });
  });
})();
