-- dfix for Neovim: starts `dfix lsp` for Dockerfiles, Kubernetes manifests
-- and compose files with the built-in LSP client (Neovim 0.7 or later; no
-- plugin needed). With nvim-lspconfig, see editors/nvim/README.md instead.
--
--   require('dfix').setup({
--     cmd = { 'dfix', 'lsp' },            -- or an absolute path
--     settings = { unsafeFixes = false },  -- the `dfix` settings section
--     fix_on_save = true,                  -- run source.fixAll.dfix on :w
--   })
local M = {}

M.filetypes = { 'dockerfile', 'yaml', 'helm', 'yaml.docker-compose', 'dockercompose' }

local function config(opts)
  local settings = opts.settings or {}
  return {
    name = 'dfix',
    cmd = opts.cmd or { 'dfix', 'lsp' },
    root_dir = opts.root_dir or vim.fn.getcwd(),
    init_options = settings,
    -- Answers the server's `workspace/configuration` request.
    settings = { dfix = settings },
  }
end

-- Attach dfix to a buffer.
function M.attach(bufnr, opts)
  local cfg = config(opts or M.opts or {})
  if vim.lsp.start then
    -- Neovim 0.8+: reuses the running client for the same root.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(cfg)
    end)
    return
  end
  -- Neovim 0.7: one client shared by every buffer.
  if not M.client_id or not vim.lsp.get_client_by_id(M.client_id) then
    M.client_id = vim.lsp.start_client(cfg)
  end
  vim.lsp.buf_attach_client(bufnr, M.client_id)
end

local function dfix_client(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'dfix' then
      return c
    end
  end
end

-- Apply `source.fixAll.dfix` (safe fixes; `unsafeFixes` adds the rest) to a
-- buffer, synchronously; used on save.
function M.fix_all(bufnr, timeout_ms)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = dfix_client(bufnr)
  if not client then
    return false
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll.dfix' } },
  }
  local resp = client.request_sync('textDocument/codeAction', params, timeout_ms or 2000, bufnr)
  if not resp or not resp.result then
    return false
  end
  for _, action in ipairs(resp.result) do
    if not action.edit and action.data then
      local r = client.request_sync('codeAction/resolve', action, timeout_ms or 2000, bufnr)
      action = r and r.result or action
    end
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      return true
    end
  end
  return false
end

function M.setup(opts)
  M.opts = opts or {}
  local group = vim.api.nvim_create_augroup('dfix', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  if M.opts.fix_on_save then
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = group,
      callback = function(args)
        if vim.tbl_contains(M.filetypes, vim.bo[args.buf].filetype) then
          M.fix_all(args.buf)
        end
      end,
    })
  end
end

return M
