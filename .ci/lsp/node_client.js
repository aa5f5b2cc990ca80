// A Node client on vscode-jsonrpc (the library under vscode-languageclient)
// against `dfix lsp`: initialize, open a Dockerfile, wait for diagnostics,
// ask for code actions, resolve fix-all, check the result equals
// `dfix --write`. Exit code 0 only if every step happened.
// usage: node node_client.js DFIX_BIN FILE
const path = require("path");
const cp = require("child_process");
const fs = require("fs");
const rpc = require(path.join(__dirname, "../../editors/vscode/node_modules/vscode-jsonrpc/node"));

const [bin, file] = process.argv.slice(2);
const fail = (m) => { console.error("node client FAIL: " + m); process.exit(1); };
const text = fs.readFileSync(file, "utf8");
const uri = "file://" + path.resolve(file);
const child = cp.spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const conn = rpc.createMessageConnection(
  new rpc.StreamMessageReader(child.stdout),
  new rpc.StreamMessageWriter(child.stdin),
);
const published = [];
let wake = () => {};
conn.onNotification("textDocument/publishDiagnostics", (p) => { published.push(p); wake(); });
conn.onRequest("client/registerCapability", () => null);
conn.onRequest("workspace/configuration", (p) => p.items.map(() => ({ unsafeFixes: false })));
conn.listen();
const waitDiag = (version) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error("no diagnostics for version " + version)), 20000);
  const check = () => {
    const p = published.find((x) => x.uri === uri && x.version === version);
    if (p) { clearTimeout(t); resolve(p.diagnostics); }
  };
  wake = check;
  check();
});

(async () => {
  const init = await conn.sendRequest("initialize", {
    processId: process.pid, rootUri: null,
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { codeAction: { resolveSupport: { properties: ["edit"] } } },
    },
  });
  if (init.capabilities.positionEncoding !== "utf-16") fail("encoding " + init.capabilities.positionEncoding);
  conn.sendNotification("initialized", {});
  conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
  const diags = await waitDiag(1);
  if (diags.length === 0) fail("no diagnostics");
  if (!diags.every((d) => d.source === "dfix" && d.data && d.data.version === 1)) fail("diagnostic shape");
  const actions = await conn.sendRequest("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  if (!actions || actions.length !== 1) fail("fix-all not offered: " + JSON.stringify(actions));
  const resolved = await conn.sendRequest("codeAction/resolve", actions[0]);
  const edits = resolved.edit.documentChanges[0].edits;
  // Apply (one minimal edit) with the client's own UTF-16 arithmetic.
  const lines = text.split("\n");
  const off = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of edits.sort((a, b) => off(b.range.start) - off(a.range.start))) {
    out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  }
  const tmp = fs.mkdtempSync("/tmp/dfix-node-");
  const expected = path.join(tmp, "Dockerfile");
  fs.writeFileSync(expected, text);
  cp.spawnSync(bin, ["--write", expected]);
  if (out !== fs.readFileSync(expected, "utf8")) fail("fix-all differs from dfix --write");
  await conn.sendRequest("shutdown");
  conn.sendNotification("exit");
  console.log(`node client: PASS (${diags.length} diagnostics, fix-all equals dfix --write)`);
  setTimeout(() => process.exit(0), 100);
})().catch((e) => fail(e.message));
