-- Runs one Redis Query Engine command (FT._LIST, FT.CREATE, FT.SEARCH) inside a script, so its
-- reply has the RESP2 shape whatever protocol the connection speaks.
-- ARGV: the command and its arguments
-- Returns the command's reply; {'error', message} when the server refuses it.
local ok, reply = pcall(redis.call, unpack(ARGV))
if not ok then
  return {'error', tostring(reply.err or reply)}
end
return reply
