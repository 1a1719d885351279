-- Driven by test/neovim.test.ts: `nvim --headless --clean -u NONE -c "luafile <this>"`.
-- Starts `kubelint lsp --stdio` with Neovim's built-in LSP client (vim.lsp.start_client, Neovim 0.7+),
-- opens a manifest, and writes what Neovim received to $KUBELINT_OUT as JSON: the diagnostics
-- vim.diagnostic.get returned (0-based lines, byte columns), a hover, the diagnostics after an edit
-- made in the buffer (sent by Neovim as an incremental didChange), and the server's pid.
local env = vim.env
local result = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, env.KUBELINT_OUT)
  vim.cmd('qall!')
end

local function fail(message)
  result.error = message
  finish()
end

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, {
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
    })
  end
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

local ok, err = pcall(function()
  local timeout = tonumber(env.KUBELINT_TIMEOUT_MS or '15000')
  local client_id = vim.lsp.start_client({
    name = 'kubelint',
    cmd = { env.KUBELINT_NODE, env.KUBELINT_BIN, 'lsp', '--stdio' },
    root_dir = env.KUBELINT_ROOT,
  })
  if not client_id then
    return fail('vim.lsp.start_client returned nil')
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(env.KUBELINT_FILE))
  vim.bo.filetype = 'yaml'
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  result.pid = client and client.rpc and client.rpc.pid

  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    return fail('no diagnostics within ' .. timeout .. ' ms')
  end
  table.insert(result.steps, { name = 'open', diagnostics = diagnostics(buf) })

  local line = tonumber(env.KUBELINT_HOVER_LINE)
  local character = tonumber(env.KUBELINT_HOVER_CHARACTER)
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = { line = line, character = character },
  }, timeout)
  local hover = responses and responses[client_id] and responses[client_id].result
  result.hover = hover and hover.contents and hover.contents.value or vim.NIL

  -- Fix the restartPolicy in the buffer; Neovim sends the change, kubelint re-lints.
  local fix_line = tonumber(env.KUBELINT_FIX_LINE)
  local text = vim.api.nvim_buf_get_lines(buf, fix_line, fix_line + 1, true)[1]
  local s, e = string.find(text, 'Always', 1, true)
  vim.api.nvim_buf_set_text(buf, fix_line, s - 1, fix_line, e, { 'Never' })
  local before = #vim.diagnostic.get(buf)
  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) < before end, 20) then
    return fail('diagnostics did not change within ' .. timeout .. ' ms of the edit')
  end
  table.insert(result.steps, { name = 'edited', diagnostics = diagnostics(buf) })

  vim.lsp.stop_client(client_id)
  result.stopped = vim.wait(timeout, function() return vim.lsp.client_is_stopped(client_id) end, 20)
  finish()
end)
if not ok then
  fail(tostring(err))
end
