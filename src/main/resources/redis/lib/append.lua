-- append(events, turn, first, args, from, count): adds count events to a turn's log, a list
-- whose n-th entry (from 1) is the event with seq n; the i-th event (from 0) has seq first + i
-- and its type, epoch ms and body at args[from + 3i], args[from + 3i + 1], args[from + 3i + 2].
-- The entry is <type>:<ms>:<body>, the body being the event's own JSON without the envelope its
-- turn's events share (the reader adds it back). Refuses a seq that does not follow the log's
-- last. Records the last seq on the turn and returns the events' notice lines
-- (<seq>:<type>:<ms>:<body>).
local function append(events, turn, first, args, from, count)
  if redis.call('LLEN', events) ~= first - 1 then
    error('event ' .. first .. ' does not follow the log of ' .. turn)
  end
  local entries = {}
  local lines = {}
  for i = 0, count - 1 do
    local at = from + 3 * i
    entries[i + 1] = args[at] .. ':' .. args[at + 1] .. ':' .. args[at + 2]
    lines[i + 1] = (first + i) .. ':' .. entries[i + 1]
  end
  redis.call('RPUSH', events, unpack(entries))
  redis.call('HSET', turn, 'seq', first + count - 1)
  return lines
end
-- announce(channel, lines): one notice for a batch of events, so followers on any replica wake up.
local function announce(channel, lines)
  redis.call('PUBLISH', channel, table.concat(lines, '\n'))
end
-- written(turn, seq): whether an event with this seq is already in the log (a retried write
-- whose first attempt succeeded but whose reply was lost).
local function written(turn, seq)
  return tonumber(redis.call('HGET', turn, 'seq') or '0') >= tonumber(seq)
end
