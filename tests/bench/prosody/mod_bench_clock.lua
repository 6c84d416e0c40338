-- SPDX-License-Identifier: GPL-3.0-or-later
-- bench_session only: writes when the server receives a session's initial presence, so that
-- "start -> available presence seen by the server" is measured where it happens rather than
-- after the server's fan-out of it to every contact. One line per session:
-- "<CLOCK_MONOTONIC seconds> <full JID>", appended to the file named by bench_clock_file.
local monotonic = require "util.time".monotonic;

local path = module:get_option_string("bench_clock_file");

module:hook("pre-presence/bare", function(event)
	local origin, stanza = event.origin, event.stanza;
	-- The client's own broadcast: no "to", no type; its copies to contacts carry a "to".
	if origin.type ~= "c2s" or origin.bench_clock_seen or stanza.attr.type ~= nil
		or stanza.attr.to ~= nil then
		return;
	end
	origin.bench_clock_seen = true;
	local now = monotonic();
	local file = path and io.open(path, "a");
	if file then
		file:write(string.format("%.6f %s\n", now, origin.full_jid or "?"));
		file:close();
	end
end, 1000);
