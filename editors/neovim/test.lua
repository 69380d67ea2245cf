-- Smoke test of lua/casenote.lua in a real (headless) Neovim: run by
-- test.sh. Sets casenote up as a user would, opens the record given on the
-- command line, waits for diagnostics and checks the rule ids in
-- CASENOTE_EXPECT (comma-separated) arrived; with CASENOTE_EXPECT_NONE=1,
-- checks that no server starts (no casenote.toml). Exits non-zero on failure.

local function finish(ok, message)
  io.stdout:write((ok and "ok   " or "FAIL ") .. message .. "\n")
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd(ok and "qall!" or "cquit 1")
end

local casenote = require("casenote")
if not casenote.setup({ cmd = { os.getenv("CASENOTE_SERVER_BIN"), "server" }, settings = { lintOn = "type" } }) then
  return finish(false, "setup failed")
end
vim.cmd("filetype on")
vim.cmd("filetype detect")
local bufnr = vim.api.nvim_get_current_buf()

if os.getenv("CASENOTE_EXPECT_NONE") == "1" then
  vim.wait(1000)
  local n = #vim.lsp.buf_get_clients(bufnr)
  return finish(n == 0, string.format("no casenote.toml: %d clients attached", n))
end

local arrived = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
if not arrived then
  return finish(false, "no diagnostics within 20 s")
end
local found = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  found[code] = (found[code] or 0) + 1
end
local names = {}
for code, n in pairs(found) do
  table.insert(names, string.format("%s=%d", code, n))
end
table.sort(names)
io.stdout:write("diagnostics: " .. table.concat(names, " ") .. "\n")
for rule in string.gmatch(os.getenv("CASENOTE_EXPECT") or "", "[^,]+") do
  if not found[rule] then
    return finish(false, "no " .. rule .. " diagnostic")
  end
end
local client = vim.lsp.buf_get_clients(bufnr)
local root
for _, c in pairs(client) do
  root = c.config.root_dir
end
local want = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
if root ~= want then
  return finish(false, string.format("root %s, expected %s", tostring(root), want))
end
-- :CasenoteExplain's request reaches the server and returns the documentation.
local explained
local casenote_client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr))]
casenote_client.request("workspace/executeCommand", { command = "casenote.explainRule", arguments = { "vague-language" } },
  function(err, result) explained = err and "" or result end, bufnr)
vim.wait(5000, function() return explained ~= nil end, 50)
if not (explained and explained:find("What it checks", 1, true)) then
  return finish(false, "casenote.explainRule returned no documentation")
end
-- :CasenoteExplain shows it in a floating window.
vim.cmd("CasenoteExplain vague-language")
local floated = vim.wait(5000, function()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      return table.concat(lines, "\n"):find("What it checks", 1, true) ~= nil
    end
  end
  return false
end, 50)
if not floated then
  return finish(false, ":CasenoteExplain showed no floating window with the documentation")
end
io.stdout:write("ok   :CasenoteExplain shows the rule's documentation in a floating window\n")
finish(true, string.format("%d diagnostics from casenote server (root %s)", #vim.diagnostic.get(bufnr), root))
