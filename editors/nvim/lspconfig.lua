-- dfix with nvim-lspconfig: register the server once, then enable it.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')
if not configs.dfix then
  configs.dfix = {
    default_config = {
      cmd = { 'dfix', 'lsp' },
      filetypes = { 'dockerfile', 'yaml', 'helm', 'yaml.docker-compose' },
      root_dir = util.root_pattern('dfix.toml', '.dfix.toml', '.git'),
      single_file_support = true,
      settings = { dfix = { unsafeFixes = false } },
    },
  }
end
require('lspconfig').dfix.setup({})
