-- casenote for Neovim: starts `casenote server` for case records.
--
-- Works on Neovim 0.7 (Debian 12) and later:
--
--   require("casenote").setup()            -- defaults below
--   require("casenote").setup({
--     cmd = { "/opt/casenote/bin/casenote", "server" },
--     settings = { lintOn = "save", rules = { ["long-sentence"] = "off" } },
--   })
--
-- A Markdown file is a record when a folder above it holds casenote.toml
-- (or .casenote.toml); that folder is the workspace root. Set
-- `require_config = false` to check every Markdown file (the root is then
-- the file's folder).
--
-- Commands: :CasenoteExplain RULE (the rule's documentation in a float),
-- :CasenoteReview (check every record under the root; results in the
-- diagnostics). Code actions (quick fixes) and hover use Neovim's own LSP
-- mappings: vim.lsp.buf.code_action(), vim.lsp.buf.hover().

local M = {}

M.defaults = {
  -- The program and its arguments.
  cmd = { "casenote", "server" },
  filetypes = { "markdown" },
  root_markers = { "casenote.toml", ".casenote.toml" },
  -- Only start where a root marker is found.
  require_config = true,
  -- Sent as initializationOptions and as the `casenote` section of
  -- workspace/configuration. Keys: rules, settings, vocabulary, training,
  -- lintOn ("type" | "save"), workspaceReview, docsBaseUrl.
  settings = {},
}

local options = nil
-- Neovim 0.7 has no vim.lsp.start: one client per root, kept here.
local clients_by_root = {}

local function notify(message, level)
  vim.notify("casenote: " .. message, level or vim.log.levels.INFO)
end

--- The folder above `path` holding one of `markers`, or nil.
function M.find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

local function client_config(root)
  local settings = options.settings or {}
  -- An empty table must be sent as an object, not an array.
  local init = vim.tbl_isempty(settings) and vim.empty_dict() or settings
  return {
    name = "casenote",
    cmd = options.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    init_options = init,
    -- Neovim answers workspace/configuration from here.
    settings = { casenote = init },
  }
end

--- Starts (or reuses) the server for the buffer's root and attaches it.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local root = M.find_root(name, options.root_markers)
  if not root then
    if options.require_config then
      return nil
    end
    root = vim.fn.fnamemodify(name, ":p:h")
  end
  if vim.lsp.start then
    -- Neovim 0.8+: reuses a client with the same name and root.
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify("the server did not start (" .. table.concat(options.cmd, " ") .. ")", vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- The clients attached to a buffer (vim.lsp.get_clients from 0.10).
local function buffer_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.lsp.buf_get_clients(bufnr)
end

-- client:request from 0.11, client.request before.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_for(bufnr)
  for _, client in pairs(buffer_clients(bufnr == 0 and vim.api.nvim_get_current_buf() or bufnr)) do
    if client.name == "casenote" then
      return client
    end
  end
  notify("no casenote server for this buffer (is there a casenote.toml above it?)", vim.log.levels.WARN)
  return nil
end

--- Shows a rule's documentation in a floating window.
function M.explain(rule)
  local client = client_for(0)
  if not client then
    return
  end
  request(client, "workspace/executeCommand", { command = "casenote.explainRule", arguments = { rule } },
    function(err, result)
      if err then
        notify(err.message or tostring(err), vim.log.levels.ERROR)
        return
      end
      local lines = vim.split(result or "", "\n", true)
      vim.lsp.util.open_floating_preview(lines, "markdown", { border = "rounded", max_width = 90 })
    end, 0)
end

--- Checks every record under the root and publishes the findings.
function M.review()
  local client = client_for(0)
  if not client then
    return
  end
  request(client, "workspace/executeCommand", { command = "casenote.reviewWorkspace", arguments = {} },
    function(err, result)
      if err then
        notify(err.message or tostring(err), vim.log.levels.ERROR)
        return
      end
      notify(string.format("reviewed %d records: %d findings (see :lua vim.diagnostic.setqflist())",
        result and result.records or 0, result and result.findings or 0))
    end, 0)
end

function M.setup(user)
  options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), user or {})
  if vim.fn.executable(options.cmd[1]) ~= 1 then
    notify(string.format(
      "cannot run %q, so records are not checked. Install casenote (`cargo install --locked --path .` in its source "
        .. "folder, or ask your IT team), or give its full path: require(\"casenote\").setup({ cmd = { \"/path/to/casenote\", \"server\" } })",
      options.cmd[1]), vim.log.levels.ERROR)
    return false
  end
  local group = vim.api.nvim_create_augroup("casenote", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  vim.api.nvim_create_user_command("CasenoteExplain", function(args)
    M.explain(args.args)
  end, { nargs = 1, desc = "casenote: explain a rule" })
  vim.api.nvim_create_user_command("CasenoteReview", function()
    M.review()
  end, { nargs = 0, desc = "casenote: check every record in the workspace" })
  -- Buffers already open.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(options.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
  return true
end

return M
