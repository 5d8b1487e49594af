-- append(events, turn, first, args, from, count): adds count events to a turn's log, the i-th
-- (from 0) with seq first + i and its type, epoch ms and body at args[from + 3i],
-- args[from + 3i + 1], args[from + 3i + 2]. Entry ids are 0-<seq>, so Redis refuses a duplicate
-- or out-of-order seq; the body is the event's own JSON without the envelope its turn's events
-- share (the reader adds it back). Records the last seq on the turn and returns the events' notice lines
-- (<seq>:<type>:<ms>:<body>).
local function append(events, turn, first, args, from, count)
  local lines = {}
  for i = 0, count - 1 do
    local at = from + 3 * i
    local seq = first + i
    redis.call('XADD', events, '0-' .. seq, 't', args[at], 'm', args[at + 1], 'd', args[at + 2])
    lines[i + 1] = seq .. ':' .. args[at] .. ':' .. args[at + 1] .. ':' .. args[at + 2]
  end
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
