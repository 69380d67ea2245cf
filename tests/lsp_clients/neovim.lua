-- Headless Neovim (0.7.2, Debian 12) as a real LSP client of `casenote server`.
-- Run by tests/lsp_clients.rs:
--   nvim --headless -u NONE -i NONE -n -c "luafile neovim.lua" RECORD.md
-- with CASENOTE_BIN (the server binary) and CASENOTE_OUT (a file for the
-- results) in the environment. Writes one line per observation; exits 0,
-- or 1 when something did not arrive in time.

local out = assert(io.open(os.getenv("CASENOTE_OUT"), "w"))
local function say(line) out:write(line, "\n") out:flush() end
local function fail(why) say("FAIL " .. why) out:close() vim.cmd("cquit 1") end

local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "casenote",
  cmd = { os.getenv("CASENOTE_BIN"), "server" },
  root_dir = vim.fn.getcwd(),
})
if not client_id then return fail("the server did not start") end
vim.lsp.buf_attach_client(bufnr, client_id)

local function diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(found, { lnum = d.lnum, col = d.col, code = d.code or lsp.code, source = d.source })
  end
  table.sort(found, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return a.code < b.code
  end)
  return found
end

-- 1. Diagnostics after opening.
if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50) then
  return fail("no diagnostics after opening")
end
for _, d in ipairs(diagnostics()) do
  say(string.format("diagnostic %d %d %s %s", d.lnum, d.col, d.code, d.source))
end

-- 2. Hover over the first finding.
local first = diagnostics()[1]
local params = {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
  position = { line = first.lnum, character = first.col },
}
local hover = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000)
local response = hover and hover[client_id]
if not (response and response.result and response.result.contents) then return fail("no hover") end
say("hover " .. response.result.contents.value:match("^[^\n]*"))

-- 3. Code actions there.
local action_params = {
  textDocument = params.textDocument,
  range = { start = params.position, ["end"] = params.position },
  context = { diagnostics = {} },
}
local actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", action_params, 10000)
response = actions and actions[client_id]
if not (response and response.result) then return fail("no code actions") end
for _, action in ipairs(response.result) do say("action " .. action.title) end

-- 4. An edit, sent incrementally: the line of the first unlabelled opinion
--    becomes an observation; wait for the diagnostics to change.
local target
for _, d in ipairs(diagnostics()) do
  if d.code == "unlabelled-opinion" then target = d.lnum break end
end
if not target then return fail("no unlabelled-opinion to edit") end
local before = #vim.diagnostic.get(bufnr)
vim.api.nvim_buf_set_lines(bufnr, target, target + 1, false, { "Jamie showed me his bike." })
if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) ~= before end, 50) then
  return fail("the diagnostics did not follow the edit")
end
say("edited " .. target)
for _, d in ipairs(diagnostics()) do
  say(string.format("after %d %d %s %s", d.lnum, d.col, d.code, d.source))
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
say("done")
out:close()
vim.cmd("qall!")
