-- Neovim headless against `dfix lsp` with editors/nvim: open the Dockerfile
-- given as $DFIX_NVIM_FILE, wait for diagnostics, apply the preferred quick
-- fix of the first fixable one, then fix-all (source.fixAll.dfix, resolved
-- lazily), save, quit. Exit code 0 only if every step happened.
local function fail(msg)
  io.stderr:write('nvim test FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local published = nil
local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  published = result
  return orig(err, result, ctx, config)
end

vim.cmd('filetype on') -- -u NONE leaves detection off
require('dfix').setup({ cmd = { vim.env.DFIX_BIN, 'lsp' } })
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.DFIX_NVIM_FILE))
local bufnr = vim.api.nvim_get_current_buf()

if not vim.wait(15000, function() return published ~= nil and #published.diagnostics > 0 end, 20) then
  fail('no diagnostics arrived')
end
io.stdout:write('diagnostics: ' .. #published.diagnostics .. '\n')

local client
for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
  if c.name == 'dfix' then client = c end
end
if not client then fail('dfix client not attached') end

local target
for _, d in ipairs(published.diagnostics) do
  if d.data and d.data.fix and d.data.fix.applicability == 'safe' then target = d break end
end
if not target then fail('no diagnostic with a safe fix') end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = target.range,
  context = { diagnostics = { target }, only = { 'quickfix' } },
}
local resp = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
if not resp or not resp.result then fail('no code actions') end
local applied = nil
for _, a in ipairs(resp.result) do
  if a.isPreferred and a.edit then
    vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or 'utf-16')
    applied = a.title
    break
  end
end
if not applied then fail('no preferred quick fix for ' .. target.code) end
io.stdout:write('quick fix: ' .. applied .. ' (' .. target.code .. ')\n')

-- Wait for the diagnostics of the edited version, then fix-all.
local version = vim.lsp.util.buf_versions[bufnr]
vim.wait(10000, function() return published and published.version == version end, 20)
if not require('dfix').fix_all(bufnr, 5000) then fail('fix-all produced no edit') end
io.stdout:write('fix-all applied\n')
vim.cmd('write')
vim.cmd('qall!')
