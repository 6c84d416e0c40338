#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench_session: figures 2-5 of "Fast at every size", measured the way a user meets them.

A real Prosody (tests/fixture/prosody-fixture.sh) gets an account `natter` with a 2,000-contact
roster in 20 groups, 200 of the contacts online with mutual subscriptions; then the real `natter`
binary (offscreen platform) logs in with NATTER_PASSWORD and the figures come from outside:

  2. time to online: process start -> natter's available presence seen by the server (the
     figure's own words: mod_bench_clock, tests/bench/prosody, notes when Prosody receives it),
     and -> seen by `bob`, a contact online before natter starts (that adds the server's fan-out
     of the presence to 2,000 contacts, in an order that changes with every server start).
     Both from the server side, not natter's own opinion. First login with a fresh profile (no
     roster cache), second login with the same profile (roster versioning: the server answers
     "unchanged"), and `natter-cli listen` the same way: a first run with a fresh profile, a
     second with the profile the first left (--cli-runs; listen asks for no roster, so the two
     differ only in what the first run set up on disk).
  3. memory: VmRSS of natter 10 s after online; then bob sends the burst and the growth of VmRSS
     once every message is stored.
  4. burst: bob writes 5,000 chat messages (each with a receipt request and an origin-id) as fast
     as the socket takes them; natter's CPU time (utime + stime of /proc/PID/stat) from the first
     message sent until it is quiet again after the last one is in its message store (counted in
     messages.sqlite, read-only), and the longest event-loop stall meanwhile (NATTER_LOOP_PROBE,
     core/platform/LoopProbe.h). Receipts coming back to bob are counted as a cross-check.
  5. idle: natter's CPU time per minute online after the second login, once the roster settled.

Each round restores the server's data (a snapshot of its SQLite file taken after the setup), so
every first login meets the same server. The server's data lives on tmpfs (/dev/shm) and it sends
each stanza at once (opportunistic writes), so that neither its disk nor its fan-out of natter's
presence to 2,000 contacts is what the figures measure (see Server.setup). Setup (fixture start,
2,000 accounts and rosters written straight into Prosody's SQLite storage while it is stopped,
restart) takes about 3 s; bringing the 199 other contacts online (one helper process, a minimal
client each: direct TLS, SCRAM, initial presence, then it only drains its socket) 15 to 20 s per
round on a busy 2-core machine, nearly all of it the server's. natter shows the chat window on the
first message of the burst (ChatWindow::onIncoming); offscreen it is the active window, so every
message is also shown and marked read (unread 0 at the end). A full run (3 rounds: first login,
10 s, burst; second login, 60 s idle; natter-cli) takes about 15 minutes, mostly the bursts.

Usage:  bench_session.py --natter BIN --natter-cli BIN [--smoke] [--runs N] [--json FILE]
        [--contacts N] [--online N] [--messages N] [--idle SECONDS] [--chat-open] [--keep DIR]
--smoke: 50 contacts, 5 online, 200 messages, 5 s idle, one round (the CTest run, ~25 s).
--chat-open: natter opens the chat with bob (an xmpp: link on its command line) before the burst,
so that every message is also shown.
Exit status: 0 when every step worked (a missed target is reported, not a failure), 1 when a
step failed (natter did not come online, messages went missing...), 77 when Prosody is missing.
Standard library only; run with /usr/bin/python3.
"""

import argparse
import asyncio
import base64
import glob
import hashlib
import hmac
import json
import os
import shutil
import signal
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import xml.parsers.expat
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
FIXTURE = SOURCE_DIR / "tests" / "fixture" / "prosody-fixture.sh"
DOMAIN = "localhost"
ACCOUNT = "natter"  # the account natter logs in to
PEER = "bob"  # online before natter, sees its presence, sends the burst
GROUPS = 20
CLK_TCK = os.sysconf("SC_CLK_TCK")

NS_STREAM = "http://etherx.jabber.org/streams"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind"
NS_RECEIPTS = "urn:xmpp:receipts"
SALTED = {}  # (digest, salt, iterations, password) -> salted password


class BenchError(Exception):
    pass


def log(text):
    print(f"bench_session: {text}", file=sys.stderr, flush=True)


def now_ns():
    return time.monotonic_ns()


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def contact_name(i):
    return f"c{i:04d}"


# ---------------------------------------------------------------------------------------------
# A minimal XMPP client: direct TLS (XEP-0368), SASL SCRAM, bind, stanzas as small trees.


class Element:
    __slots__ = ("name", "attrs", "children", "text")

    def __init__(self, name, attrs):
        self.name = name  # "namespace local" (expat's namespace_separator " ")
        self.attrs = attrs
        self.children = []
        self.text = ""

    def find(self, name):
        for child in self.children:
            if child.name == name:
                return child
        return None


class Link:
    """One client connection. Top-level stanzas go to on_stanza(element, arrival_ns) or, while
    logging in, to an internal queue. After drain() it only reads and drops what arrives."""

    def __init__(self, env, user, password, resource, on_stanza=None):
        self.env = env
        self.user = user
        self.password = password
        self.resource = resource
        self.on_stanza = on_stanza
        self.queue = asyncio.Queue()
        self.reader = None
        self.writer = None
        self.parser = None
        self.stack = []
        self.closed = asyncio.Event()
        self.draining = False
        self.logging_in = True
        self.task = None

    def _new_parser(self):
        p = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._text
        p.buffer_text = True
        self.parser = p
        self.stack = []

    def _start(self, name, attrs):
        element = Element(name, attrs)
        if len(self.stack) >= 2:
            self.stack[-1].children.append(element)
        self.stack.append(element)

    def _end(self, name):
        element = self.stack.pop()
        if len(self.stack) == 1:  # a top-level child of <stream:stream>
            if self.on_stanza and not self.logging_in:
                self.on_stanza(element, now_ns())
            else:
                self.queue.put_nowait(element)
        elif not self.stack:
            self.closed.set()

    def _text(self, data):
        if len(self.stack) >= 2:
            self.stack[-1].text += data

    def send(self, data):
        self.writer.write(data.encode() if isinstance(data, str) else data)

    async def _pump(self):
        try:
            while True:
                data = await self.reader.read(262144)
                if not data:
                    break
                if not self.draining:
                    self.parser.Parse(data, False)
        except (ConnectionError, ssl.SSLError, xml.parsers.expat.ExpatError) as e:
            if not self.draining:
                log(f"{self.user}: connection lost: {e}")
        finally:
            self.closed.set()

    async def _next(self, what):
        try:
            return await asyncio.wait_for(self.queue.get(), 30)
        except asyncio.TimeoutError:
            raise BenchError(f"{self.user}: no {what} from the server within 30 s") from None

    async def _open_stream(self):
        self._new_parser()
        self.send(f"<?xml version='1.0'?><stream:stream to='{DOMAIN}' version='1.0' "
                  "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
        features = await self._next("stream features")
        if features.name != f"{NS_STREAM} features":
            raise BenchError(f"{self.user}: expected stream features, got {features.name}")
        return features

    async def login(self):
        self.logging_in = True
        ctx = ssl.create_default_context(cafile=self.env["NATTER_TEST_CA"])
        self.reader, self.writer = await asyncio.open_connection(
            self.env["NATTER_TEST_HOST"], int(self.env["NATTER_TEST_TLS_PORT"]), ssl=ctx,
            server_hostname=DOMAIN)
        self._new_parser()
        self.task = asyncio.create_task(self._pump())
        features = await self._open_stream()
        await self._authenticate(features)
        await self._open_stream()
        self.send(f"<iq type='set' id='bind1'><bind xmlns='{NS_BIND}'>"
                  f"<resource>{self.resource}</resource></bind></iq>")
        answer = await self._next("bind result")
        if answer.attrs.get("type") != "result":
            raise BenchError(f"{self.user}: bind failed")
        self.logging_in = False

    async def _authenticate(self, features):
        """SASL SCRAM-SHA-1 or -256 (RFC 5802). The server keeps only the SCRAM keys, so PLAIN
        would make it run PBKDF2 for every login (~80 ms each); the salted password is computed
        here once per salt, and every contact shares bob's."""
        mechanisms = features.find(f"{NS_SASL} mechanisms")
        offered = [m.text for m in mechanisms.children] if mechanisms is not None else []
        mechanism = next((m for m in ("SCRAM-SHA-1", "SCRAM-SHA-256") if m in offered), None)
        if mechanism is None:
            raise BenchError(f"{self.user}: no SCRAM mechanism offered ({offered})")
        digest = "sha1" if mechanism == "SCRAM-SHA-1" else "sha256"
        nonce = base64.b64encode(os.urandom(18)).decode()
        first_bare = f"n={self.user},r={nonce}"
        self.send(f"<auth xmlns='{NS_SASL}' mechanism='{mechanism}'>"
                  f"{base64.b64encode(('n,,' + first_bare).encode()).decode()}</auth>")
        challenge = await self._next("SASL challenge")
        if challenge.name != f"{NS_SASL} challenge":
            raise BenchError(f"{self.user}: authentication failed ({challenge.name})")
        server_first = base64.b64decode(challenge.text).decode()
        fields = dict(item.split("=", 1) for item in server_first.split(","))
        key = (digest, fields["s"], int(fields["i"]), self.password)
        if key not in SALTED:
            SALTED[key] = hashlib.pbkdf2_hmac(digest, self.password.encode(),
                                              base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.new(SALTED[key], b"Client Key", digest).digest()
        stored_key = hashlib.new(digest, client_key).digest()
        final_bare = f"c=biws,r={fields['r']}"
        auth_message = f"{first_bare},{server_first},{final_bare}".encode()
        signature = hmac.new(stored_key, auth_message, digest).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        final = f"{final_bare},p={base64.b64encode(proof).decode()}"
        self.send(f"<response xmlns='{NS_SASL}'>{base64.b64encode(final.encode()).decode()}"
                  "</response>")
        answer = await self._next("SASL answer")
        if answer.name != f"{NS_SASL} success":
            raise BenchError(f"{self.user}: authentication failed ({answer.name})")

    def drain(self):
        """From now on read and drop everything (a contact that only has to be online)."""
        self.draining = True

    async def close(self):
        if self.writer is None:
            return
        try:
            self.send("</stream:stream>")
            await asyncio.wait_for(self.writer.drain(), 2)
            await asyncio.wait_for(self.closed.wait(), 2)
        except (ConnectionError, asyncio.TimeoutError, ssl.SSLError):
            pass
        self.writer.close()
        if self.task:
            self.task.cancel()


# ---------------------------------------------------------------------------------------------
# The server: fixture, accounts and rosters written into Prosody's SQLite storage, snapshots.


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            if key:
                env[key] = value
    return env


def fixture(*args):
    result = subprocess.run(["bash", str(FIXTURE), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise BenchError(f"prosody-fixture.sh {' '.join(args)} failed:\n{result.stderr[-2000:]}")


def write_roster_data(db_path, contacts):
    """Rows in the format Prosody 0.12's SQL storage uses (learnt from a client adding a
    contact): accounts as four keyval rows copied from bob's (the contacts log in with bob's
    password), a roster as one JSON row per contact plus a row with key '' holding the version."""
    db = sqlite3.connect(db_path)
    with db:
        account_rows = db.execute(
            "SELECT key, type, value FROM prosody WHERE host=? AND user=? AND store='accounts'",
            (DOMAIN, PEER)).fetchall()
        if len(account_rows) < 4:
            raise BenchError(f"no account rows of {PEER} in {db_path}")
        rows = []
        natter_item = json.dumps({"subscription": "both", "groups": {}, "name": "Natter"})
        for i in range(1, contacts):
            user = contact_name(i)
            rows += [(DOMAIN, user, "accounts", k, t, v) for k, t, v in account_rows]
        everyone = [PEER] + [contact_name(i) for i in range(1, contacts)]
        for index, user in enumerate(everyone):
            group = f"Group {index % GROUPS + 1:02d}"
            name = "Bob" if user == PEER else f"Contact {index:04d}"
            item = {"subscription": "both", "groups": {group: True}, "name": name}
            rows.append((DOMAIN, ACCOUNT, "roster", f"{user}@{DOMAIN}", "json", json.dumps(item)))
            rows.append((DOMAIN, user, "roster", f"{ACCOUNT}@{DOMAIN}", "json", natter_item))
            rows.append((DOMAIN, user, "roster", "", "json",
                         json.dumps({"__hash": [False, {"pending": {}, "version": 2}]})))
        rows.append((DOMAIN, ACCOUNT, "roster", "", "json",
                     json.dumps({"__hash": [False, {"pending": {}, "version": contacts + 1}]})))
        db.execute("DELETE FROM prosody WHERE host=? AND store='roster' AND user IN (?, ?)",
                   (DOMAIN, ACCOUNT, PEER))
        db.executemany("INSERT INTO prosody (host, user, store, key, type, value) "
                       "VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.close()


class Server:
    def __init__(self, directory, contacts):
        self.dir = Path(directory)
        self.contacts = contacts
        self.db = self.dir / "data" / "prosody.sqlite"
        self.snapshot = self.dir / "prosody.sqlite.snapshot"
        self.clock_file = self.dir / "presence-clock.log"
        self.env = {}
        self.running = False

    def setup(self):
        t0 = time.monotonic()
        fixture("start", str(self.dir), "--users", PEER)
        self.running = True
        fixture("stop", str(self.dir))
        self.running = False
        # Prosody writes what a stanza's handling sends only once the whole handling is done;
        # for natter's initial presence that is after probing all 2,000 contacts (~3 s of server
        # time on a busy 2-core machine), so bob would see natter online when the server has
        # finished its own work rather than when natter's presence reached it. Opportunistic
        # writes send each stanza at once: bob sees natter's presence when the server routes it.
        cfg = self.dir / "prosody.cfg.lua"
        text = cfg.read_text()
        text = text.replace("modules_enabled = {\n", 'modules_enabled = {\n    "bench_clock";\n', 1)
        global_end = text.index('\nVirtualHost "localhost"')  # settings before it are global
        # mod_bench_clock (tests/bench/prosody) notes when the server receives a session's
        # initial presence: "seen by the server" itself, before its fan-out to the contacts.
        clock = (f'plugin_paths = {{ "{Path(__file__).resolve().parent / "prosody"}" }}\n'
                 f'bench_clock_file = "{self.clock_file}"\n')
        cfg.write_text(text[:global_end] + "\n-- bench_session: send at once, not after the "
                       "whole fan-out\nnetwork_settings = { opportunistic_writes = true }\n"
                       + clock + text[global_end:])
        write_roster_data(self.db, self.contacts)
        shutil.copyfile(self.db, self.snapshot)
        self.env = read_env(self.dir / "server.env")
        log(f"server set up with {self.contacts} contacts in {time.monotonic() - t0:.1f} s")

    def restore_and_start(self):
        if self.running:
            fixture("stop", str(self.dir))
            self.running = False
        for suffix in ("-journal", "-wal", "-shm"):
            Path(str(self.db) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.snapshot, self.db)
        fixture("restart", str(self.dir))
        self.running = True

    def stop(self):
        if self.running:
            fixture("stop", str(self.dir))
            self.running = False

    def presence_received_s(self, app):
        """Seconds from the app's start to the server receiving its initial presence
        (mod_bench_clock), or None."""
        try:
            for line in self.clock_file.read_text().splitlines():
                stamp, jid = line.split(None, 1)
                if jid.startswith(f"{ACCOUNT}@{DOMAIN}/") and float(stamp) * 1e9 >= app.start_ns:
                    return float(stamp) - app.start_ns / 1e9
        except (OSError, ValueError):
            pass
        return None


# ---------------------------------------------------------------------------------------------
# The contacts that are online: one helper process (--contacts-helper), so that their reading
# does not delay bob's clock in this process.


async def contacts_helper(env_file, first, count, password):
    env = read_env(env_file)
    links = []
    gate = asyncio.Semaphore(20)

    async def one(i):
        async with gate:
            link = Link(env, contact_name(i), password, "bench")
            await link.login()
            link.send("<presence/>")
            link.drain()
            links.append(link)

    await asyncio.gather(*(one(i) for i in range(first, first + count)))
    print(f"ready {len(links)}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), stop.set)  # the harness closed our stdin: it is gone
    await stop.wait()
    await asyncio.gather(*(link.close() for link in links), return_exceptions=True)


class Contacts:
    def __init__(self, server, first, count):
        self.proc = None
        self.server = server
        self.first = first
        self.count = count

    async def start(self):
        if self.count <= 0:
            return
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--contacts-helper", str(self.server.dir / "server.env"),
            str(self.first), str(self.count), f"{PEER}-secret-pw",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            line = await asyncio.wait_for(self.proc.stdout.readline(), 120)
        except asyncio.TimeoutError:
            line = b""
        if not line.startswith(b"ready"):
            raise BenchError("the online contacts did not log in")

    async def stop(self):
        if self.proc and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        self.proc = None


# ---------------------------------------------------------------------------------------------
# bob: watches natter's presence, sends the burst, counts receipts.


class Peer:
    def __init__(self, env):
        self.link = Link(env, PEER, f"{PEER}-secret-pw", "bench", self._stanza)
        self.natter_available = asyncio.Event()
        self.natter_gone = asyncio.Event()
        self.available_ns = 0
        self.receipts = 0
        self.receipt_target = 0
        self.receipts_done = asyncio.Event()
        self.receipts_done_ns = 0

    def _stanza(self, element, arrival_ns):
        local = element.name.rpartition(" ")[2]
        sender = element.attrs.get("from", "")
        if local == "presence" and sender.startswith(f"{ACCOUNT}@{DOMAIN}/"):
            if element.attrs.get("type") is None:
                if not self.natter_available.is_set():
                    self.available_ns = arrival_ns
                    self.natter_available.set()
                    self.natter_gone.clear()
            elif element.attrs.get("type") == "unavailable":
                self.natter_available.clear()
                self.natter_gone.set()
        elif local == "message" and element.find(f"{NS_RECEIPTS} received") is not None:
            self.receipts += 1
            if self.receipt_target and self.receipts >= self.receipt_target:
                self.receipts_done_ns = arrival_ns
                self.receipts_done.set()

    async def start(self):
        await self.link.login()
        self.natter_gone.set()
        self.link.send("<presence/>")

    def expect_login(self):
        self.natter_available.clear()
        self.available_ns = 0

    async def send_burst(self, count):
        self.receipts = 0
        self.receipt_target = count
        self.receipts_done.clear()
        parts = []
        for i in range(count):
            parts.append(
                f"<message to='{ACCOUNT}@{DOMAIN}' type='chat' id='burst{i}'>"
                f"<body>Message {i} of the burst: the quick brown fox jumps over the lazy dog, "
                f"again and again.</body><request xmlns='{NS_RECEIPTS}'/>"
                f"<origin-id xmlns='urn:xmpp:sid:0' id='{uuid.uuid4()}'/>"
                "<active xmlns='http://jabber.org/protocol/chatstates'/></message>")
        self.link.send("".join(parts))
        await self.link.writer.drain()

    async def close(self):
        await self.link.close()


# ---------------------------------------------------------------------------------------------
# natter and natter-cli as processes, seen through /proc.


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def cpu_ns_precise(pid):
    """Time on the CPU of every live thread (schedstat, nanoseconds): to see when natter is
    quiet, at a finer grain than the clock ticks of /proc/PID/stat."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def main_thread_cpu_ns(pid):
    """Time on the CPU of the main (GUI) thread in nanoseconds (its schedstat): a finer grain
    than the clock ticks of /proc/PID/stat for the idle figure, and unlike a sum over the live
    threads it does not drop when a worker thread ends."""
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class App:
    """One run of natter (or natter-cli) with its own HOME."""

    def __init__(self, args, env, home, probe=None, log_path=None):
        self.command = args
        self.home = Path(home)
        self.environment = dict(os.environ)
        for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                    "XDG_RUNTIME_DIR"):
            self.environment.pop(key, None)
        # The runtime directory holds natter's single-instance socket, whose path must stay
        # short (108 bytes): on tmpfs like a real /run/user/UID, not under a deep build tree.
        shm = Path("/dev/shm")
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path("/tmp")
        runtime = Path(tempfile.mkdtemp(prefix="natter-rt.", dir=base))
        self.runtime = runtime
        self.home.mkdir(parents=True, exist_ok=True)
        self.environment.update({
            "HOME": str(self.home), "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"), "XDG_CACHE_HOME": str(self.home / "cache"),
            "XDG_RUNTIME_DIR": str(runtime), "QT_QPA_PLATFORM": "offscreen",
            "NATTER_PASSWORD": f"{ACCOUNT}-secret-pw"})
        for key in ("DBUS_SESSION_BUS_ADDRESS", "NATTER_JID", "NATTER_LOOP_PROBE",
                    "QT_LOGGING_RULES"):
            self.environment.pop(key, None)  # no secret service, no notifications
        # natter's own account of when it sent its initial presence (PresenceExtension, debug
        # level), stamped with CLOCK_MONOTONIC (Qt's "boot" time), to split the time to online
        # into natter's share and the server's. Otherwise the programs' default rules.
        cli = Path(args[0]).name == "natter-cli"
        self.environment["QT_LOGGING_RULES"] = (
            ("natter.*=false\nnatter.*.warning=true" if cli else "natter.*.debug=false")
            + "\nnatter.presence.debug=true")
        self.environment["QT_MESSAGE_PATTERN"] = "%{time boot} %{category} %{message}"
        if probe:
            self.environment["NATTER_LOOP_PROBE"] = str(probe)
        self.log_path = log_path
        self.proc = None
        self.start_ns = 0

    def start(self):
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.start_ns = now_ns()
        self.proc = subprocess.Popen(self.command, env=self.environment, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=out)
        if out is not subprocess.DEVNULL:
            out.close()

    def presence_sent_s(self):
        """Seconds from process start to natter's log line "initial presence sent", or None."""
        try:
            for line in Path(self.log_path).read_text(errors="replace").splitlines():
                fields = line.split(None, 2)
                if len(fields) == 3 and fields[2].endswith("initial presence sent"):
                    stamp = float(fields[0])
                    if stamp * 1e9 >= self.start_ns:
                        return stamp - self.start_ns / 1e9
        except (OSError, ValueError):
            pass
        return None

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    async def quit(self, timeout=10):
        try:
            await self._stop(timeout)
        finally:
            shutil.rmtree(self.runtime, ignore_errors=True)

    async def _stop(self, timeout):
        if not self.alive():
            return
        self.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.proc.poll() is None:
            log(f"{self.command[0]} ignored SIGTERM for {timeout} s, killing it")
            self.proc.kill()
            self.proc.wait()


async def wait_quiet(pid, quiet_ms=500, threshold_ms=5, timeout=60):
    """Waits until the process used less than threshold_ms of CPU within quiet_ms."""
    deadline = time.monotonic() + timeout
    last = cpu_ns_precise(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(quiet_ms / 1000)
        current = cpu_ns_precise(pid)
        if current - last < threshold_ms * 1_000_000:
            return True
        last = current
    return False


def stored_messages(home, peer_jid):
    """(messages with peer_jid, of them unread) in natter's store, or (0, 0) before it exists."""
    paths = glob.glob(str(Path(home) / "**" / "messages.sqlite"), recursive=True)
    if not paths:
        return 0, 0
    try:
        db = sqlite3.connect(f"file:{paths[0]}?mode=ro", uri=True, timeout=1)
        try:
            total, unread = db.execute(
                "SELECT count(*), coalesce(sum(is_read = 0), 0) FROM messages WHERE peer = ?",
                (peer_jid,)).fetchone()
        finally:
            db.close()
        return total, unread
    except sqlite3.Error:
        return 0, 0


def longest_stall_ms(probe_file, start_ns, end_ns):
    """The longest stretch between two event-loop waits that ended within [start_ns, end_ns],
    from the LoopProbe windows that overlap it; None without any."""
    longest = None
    try:
        lines = Path(probe_file).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        kind, *pairs = line.split()
        if kind != "window":
            continue
        w = dict(p.split("=", 1) for p in pairs)
        if int(w["end_ns"]) < start_ns or int(w["start_ns"]) > end_ns:
            continue
        value = int(w["longest_us"]) / 1000
        longest = value if longest is None else max(longest, value)
    return longest


# ---------------------------------------------------------------------------------------------
# One round: first login and burst, second login and idle, natter-cli.


async def wait_online(peer, app, what, timeout=60):
    try:
        await asyncio.wait_for(peer.natter_available.wait(), timeout)
    except asyncio.TimeoutError:
        alive = "still running" if app.alive() else f"exited with {app.proc.returncode}"
        raise BenchError(f"{what}: bob saw no available presence of {ACCOUNT} within "
                         f"{timeout} s (the process is {alive}; log: {app.log_path})") from None
    return (peer.available_ns - app.start_ns) / 1e9


async def wait_gone(peer, app, what):
    await app.quit()
    try:  # after a burst the server may take a while to get to the stream's end
        await asyncio.wait_for(peer.natter_gone.wait(), 120)
    except asyncio.TimeoutError:
        raise BenchError(f"{what}: bob still sees {ACCOUNT} online 120 s after it quit") from None
    await asyncio.sleep(0.3)  # let the server finish the session


async def run_round(index, opts, server, work, results):
    log(f"round {index + 1}: restoring the server, {opts.online - 1} contacts + bob going online")
    server.restore_and_start()
    contacts = Contacts(server, 1, opts.online - 1)
    peer = Peer(server.env)
    apps = []  # everything started, to be stopped should a step fail
    try:
        await contacts.start()
        await peer.start()
        await asyncio.sleep(1.0)  # presence exchange among the contacts settles
        connection = ["--jid", f"{ACCOUNT}@{DOMAIN}", "--host", server.env["NATTER_TEST_HOST"],
                      "--port", server.env["NATTER_TEST_PORT"], "--ca-file",
                      server.env["NATTER_TEST_CA"]]
        gui = [opts.natter, "--profile", "bench", *connection]
        if opts.chat_open:
            gui.append(f"xmpp:{PEER}@{DOMAIN}")
        home = work / f"home{index + 1}"
        probe = work / f"loopprobe{index + 1}.txt"

        # First login: a fresh profile, no roster cache; then 10 s, RSS, the burst.
        load = load_average()
        peer.expect_login()
        app = App(gui, server.env, home, probe=probe, log_path=work / f"natter{index + 1}a.log")
        apps.append(app)
        app.start()
        online = await wait_online(peer, app, "first login")
        results["online_first"].append((online, load))
        results["server_first"].append((server.presence_received_s(app), load))
        results["sent_first"].append((app.presence_sent_s(), load))
        log(f"round {index + 1}: first login online after {online * 1000:.0f} ms (load {load})")
        await asyncio.sleep(opts.settle)
        rss_before = status_kib(app.pid, "VmRSS") / 1024
        results["rss_online"].append((rss_before, load_average()))

        load = load_average()
        cpu0 = cpu_seconds(app.pid)
        t0 = now_ns()
        await peer.send_burst(opts.messages)
        sent_ns = now_ns()
        deadline = time.monotonic() + opts.burst_timeout
        stored = unread = 0
        while time.monotonic() < deadline:
            stored, unread = stored_messages(home, f"{PEER}@{DOMAIN}")
            if stored >= opts.messages:
                break
            if not app.alive():
                raise BenchError(f"natter exited during the burst (log: {app.log_path})")
            await asyncio.sleep(0.05)
        arrived_ns = now_ns()
        if stored < opts.messages:
            raise BenchError(f"only {stored} of {opts.messages} messages were stored within "
                             f"{opts.burst_timeout} s")
        await wait_quiet(app.pid)
        quiet_ns = now_ns()
        cpu1 = cpu_seconds(app.pid)
        rss_after = status_kib(app.pid, "VmRSS") / 1024
        stored, unread = stored_messages(home, f"{PEER}@{DOMAIN}")
        try:  # the server may still be busy with natter's receipts and markers
            await asyncio.wait_for(peer.receipts_done.wait(), 120)
        except asyncio.TimeoutError:
            log(f"only {peer.receipts} receipts came back within 120 s")
        results["burst_cpu"].append((cpu1 - cpu0, load))
        results["burst_wall"].append(((arrived_ns - t0) / 1e9, load))
        results["rss_growth"].append((rss_after - rss_before, load))
        results["rss_after"].append((rss_after, load))
        results["burst_facts"].append({
            "stored": stored, "unread": unread, "receipts": peer.receipts,
            "sent_s": round((sent_ns - t0) / 1e9, 3),
            "all_stored_s": round((arrived_ns - t0) / 1e9, 3),
            "quiet_s": round((quiet_ns - t0) / 1e9, 3),
            "peak_rss_mb": round(status_kib(app.pid, "VmHWM") / 1024, 1)})
        log(f"round {index + 1}: burst stored in {(arrived_ns - t0) / 1e9:.2f} s, "
            f"CPU {cpu1 - cpu0:.2f} s, RSS {rss_before:.1f} -> {rss_after:.1f} MB, "
            f"{unread} unread, {peer.receipts} receipts")
        await wait_gone(peer, app, "first login")
        stall = longest_stall_ms(probe, t0, quiet_ns)
        if stall is None:
            raise BenchError(f"the loop probe wrote nothing for the burst ({probe})")
        results["burst_stall"].append((stall, load))

        # Second login: the same profile, the roster from the cache (versioning).
        load = load_average()
        peer.expect_login()
        app = App(gui, server.env, home, log_path=work / f"natter{index + 1}b.log")
        apps.append(app)
        app.start()
        online = await wait_online(peer, app, "second login")
        results["online_cached"].append((online, load))
        results["server_cached"].append((server.presence_received_s(app), load))
        results["sent_cached"].append((app.presence_sent_s(), load))
        log(f"round {index + 1}: second login online after {online * 1000:.0f} ms (load {load})")
        await asyncio.sleep(opts.settle)
        await wait_quiet(app.pid, quiet_ms=1000, threshold_ms=2, timeout=30)
        load = load_average()
        cpu0 = cpu_seconds(app.pid)
        precise0 = main_thread_cpu_ns(app.pid)
        t0 = time.monotonic()
        await asyncio.sleep(opts.idle)
        elapsed = time.monotonic() - t0
        cpu1 = cpu_seconds(app.pid)
        precise1 = main_thread_cpu_ns(app.pid)
        results["idle"].append(((cpu1 - cpu0) * 60 / elapsed, load))
        results["idle_precise"].append(((precise1 - precise0) / 1e9 * 60 / elapsed, load))
        results["rss_idle"].append((status_kib(app.pid, "VmRSS") / 1024, load))
        log(f"round {index + 1}: idle {(cpu1 - cpu0) * 60 / elapsed:.3f} CPU-s/min (schedstat "
            f"{(precise1 - precise0) / 1e9 * 60 / elapsed:.4f} in the GUI thread) "
            f"over {elapsed:.0f} s")
        await wait_gone(peer, app, "second login")

        # natter-cli listen: goes online (presence; it asks for no roster) and stays. The first
        # run with a fresh profile, the next ones with the profile the first left.
        for cli_run in range(opts.cli_runs):
            kind = "cli" if cli_run == 0 else "cli_cached"
            load = load_average()
            peer.expect_login()
            cli = App([opts.natter_cli, "listen", *connection], server.env,
                      work / f"clihome{index + 1}",
                      log_path=work / f"natter-cli{index + 1}-{cli_run + 1}.log")
            apps.append(cli)
            cli.start()
            online = await wait_online(peer, cli, "natter-cli listen")
            results[f"server_{kind}"].append((server.presence_received_s(cli), load))
            results[f"online_{kind}"].append((online, load))
            results[f"sent_{kind}"].append((cli.presence_sent_s(), load))
            log(f"round {index + 1}: natter-cli ({'first' if cli_run == 0 else 'cached'}) online "
                f"after {online * 1000:.0f} ms")
            await wait_gone(peer, cli, "natter-cli")
    finally:
        for started in apps:
            await started.quit()
        await peer.close()
        await contacts.stop()


# ---------------------------------------------------------------------------------------------
# Report: a table and JSON in the shape of tests/bench/BenchSupport (benchmark, smoke, machine,
# parameters, figures).


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        revision = subprocess.run(["git", "-C", str(SOURCE_DIR), "describe", "--always",
                                   "--dirty"], capture_output=True, text=True,
                                  timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        revision = ""
    return {"cores": os.cpu_count(), "cpu": cpu, "loadAverage": load_average(),
            "revision": revision or "unknown revision"}


def number(value):
    magnitude = abs(value)
    decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    return f"{value:.{decimals}f}"


def figure(key, what, unit, target, limit, samples, scale=1.0):
    samples = [(v, load) for v, load in samples if v is not None]
    values = [v * scale for v, _ in samples]
    f = {"key": key, "what": what, "unit": unit, "target": target}
    if values:
        f.update({"runs": len(values), "min": min(values), "median": statistics.median(values),
                  "max": max(values), "values": values, "load": [load for _, load in samples]})
        if limit is not None:
            f["meets"] = f["median"] <= limit
    return f


# Figure 2's logins (results key suffix, label, target in ms) and what is measured of each
# (results key prefix, figure key prefix, label, whether the target applies).
LOGINS = [("first", "natter, 1st login", 250), ("cached", "natter, cached roster", 150),
          ("cli", "natter-cli listen, 1st run", 100),
          ("cli_cached", "natter-cli listen, cached roster", 100)]
LOGIN_MEASURES = [("server", "server", "start -> presence at the server", True),
                  ("online", "online", "start -> bob sees it online", True),
                  ("sent", "presence_sent", "its own \"presence sent\"", False)]


def login_figures(results):
    return [figure(f"session.{key}_{login}_ms", f"{who}: {what}", "ms",
                   f"≤ {target} ms" if targeted else "", target if targeted else None,
                   results[f"{prefix}_{login}"], 1000)
            for prefix, key, what, targeted in LOGIN_MEASURES
            for login, who, target in LOGINS]


def report(opts, results, params, start_machine, json_file):
    messages = f"{opts.messages:,}"
    figures = [
        *login_figures(results),
        figure("session.rss_online_mb", f"natter RSS {opts.settle:g} s after online", "MB",
               "≤ 60 MB", 60, results["rss_online"]),
        figure("session.rss_growth_mb", f"RSS growth after {messages} messages", "MB",
               "≤ 15 MB", 15, results["rss_growth"]),
        figure("session.burst_cpu_s", f"CPU to absorb {messages} messages", "s", "≤ 1.0 s",
               1.0, results["burst_cpu"]),
        figure("session.burst_stall_ms", "longest event-loop stall in the burst", "ms",
               "≤ 50 ms", 50, results["burst_stall"]),
        figure("session.burst_wall_s", f"burst: first sent -> all {messages} stored", "s", "",
               None, results["burst_wall"]),
        figure("session.idle_cpu_s_per_min", "idle CPU per minute online (stat)", "s",
               "≤ 0.02 s", 0.02, results["idle"]),
        figure("session.idle_cpu_precise_s_per_min",
               "idle CPU per minute, main thread (schedstat)", "s",
               "≤ 0.02 s", 0.02, results["idle_precise"]),
        figure("session.rss_idle_mb", "natter RSS, second login, idle", "MB", "", None,
               results["rss_idle"]),
    ]
    end_load = load_average()
    name = "bench_session" + (" (smoke run)" if opts.smoke else "")
    print(f"\n{name}: natter and natter-cli against Prosody, {opts.contacts} contacts in "
          f"{GROUPS} groups, {opts.online} online, {messages} messages"
          + (", the chat open" if opts.chat_open else ""))
    m = start_machine
    print(f"machine: {m['cores']} cores, {m['cpu']}, load average {m['loadAverage']}, "
          f"{m['revision']}\n")
    what_width = max(len(f["what"]) for f in figures)
    target_width = max(6, max(len(f["target"]) for f in figures))
    print(f"  {'figure':<{what_width}}  {'target':<{target_width}}  {'min':>9} {'median':>9} "
          f"{'max':>9}  {'unit':<5} {'runs':>4}  verdict")
    for f in figures:
        if "runs" not in f:
            print(f"  {f['what']:<{what_width}}  {f['target']:<{target_width}}  (not measured)")
            continue
        verdict = "" if "meets" not in f else ("meets" if f["meets"] else "MISSES")
        print(f"  {f['what']:<{what_width}}  {f['target']:<{target_width}}  "
              f"{number(f['min']):>9} {number(f['median']):>9} {number(f['max']):>9}  "
              f"{f['unit']:<5} {f['runs']:>4}  {verdict}".rstrip())
    for i, facts in enumerate(results["burst_facts"]):
        print(f"  burst {i + 1}: {facts}")
    print(f"  (load average at the end: {end_load})")
    machine_json = dict(start_machine, loadAverageAtEnd=end_load)
    document = {"benchmark": "bench_session", "smoke": opts.smoke, "machine": machine_json,
                "parameters": params, "figures": figures, "bursts": results["burst_facts"]}
    text = json.dumps(document, indent=4, ensure_ascii=False)
    print(f"\nJSON:\n{text}", flush=True)
    if json_file:
        Path(json_file).write_text(text + "\n")


async def main_async(opts):
    start_machine = machine()
    keep = opts.keep is not None
    work = Path(opts.keep or tempfile.mkdtemp(prefix="bench_session."))
    marker = work / ".bench_session"
    if keep and work.exists() and any(work.iterdir()):
        if not marker.exists():
            raise SystemExit(f"bench_session: {work} is not empty and was not made by "
                             "bench_session; refusing to wipe it")
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    marker.touch()
    # The server's data on tmpfs when there is one: Prosody commits every archived message to
    # SQLite on its own (with fsyncs: a 200-message burst took 24 s on the disk, 7 s on tmpfs),
    # which would make the server, not natter, what the burst measures. natter's own store stays
    # on the disk, under the work directory.
    shm = Path("/dev/shm")
    server_dir = (Path(tempfile.mkdtemp(prefix="bench_session.", dir=shm))
                  if shm.is_dir() and os.access(shm, os.W_OK) else work / "server")
    server = Server(server_dir / "server", opts.contacts)
    logins = [f"{prefix}_{login}" for prefix, _, _, _ in LOGIN_MEASURES for login, _, _ in LOGINS]
    results = {k: [] for k in logins + ["rss_online", "rss_after", "rss_growth", "burst_cpu",
                                        "burst_wall", "burst_stall", "idle", "idle_precise",
                                        "rss_idle", "burst_facts"]}
    params = {"contacts": opts.contacts, "groups": GROUPS, "online": opts.online,
              "messages": opts.messages, "idle_seconds": opts.idle, "settle_seconds": opts.settle,
              "rounds": opts.runs, "chat_open": opts.chat_open, "platform": "offscreen",
              "natter": opts.natter, "natter_cli": opts.natter_cli}
    ok = False
    try:
        t0 = time.monotonic()
        server.setup()
        params["setup_seconds"] = round(time.monotonic() - t0, 1)
        for index in range(opts.runs):
            await run_round(index, opts, server, work, results)
        ok = True
    except BenchError as e:
        log(f"error: {e}")
    finally:
        server.stop()
        if server_dir != work / "server":
            shutil.rmtree(server_dir, ignore_errors=True)
        report(opts, results, params, start_machine, opts.json)
        if ok and not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"files kept in {work}")
    return 0 if ok else 1


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--contacts-helper":
        env_file, first, count, password = sys.argv[2:6]
        asyncio.run(contacts_helper(env_file, int(first), int(count), password))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natter", required=True, help="the natter binary")
    parser.add_argument("--natter-cli", required=True, help="the natter-cli binary")
    parser.add_argument("--smoke", action="store_true", help="small sizes, one round")
    parser.add_argument("--runs", type=int, default=0, help="rounds (default 3, smoke 1)")
    parser.add_argument("--json", help="also write the JSON report here")
    parser.add_argument("--contacts", type=int, help="roster size (default 2000)")
    parser.add_argument("--online", type=int, help="contacts online, bob included (default 200)")
    parser.add_argument("--messages", type=int, help="messages in the burst (default 5000)")
    parser.add_argument("--idle", type=float, help="seconds of idle measurement (default 60)")
    parser.add_argument("--settle", type=float, default=10.0,
                        help="seconds after online before RSS and the burst (default 10)")
    parser.add_argument("--cli-runs", type=int, default=2,
                        help="natter-cli logins per round (the first with a fresh profile)")
    parser.add_argument("--burst-timeout", type=float, default=300.0)
    parser.add_argument("--chat-open", action="store_true",
                        help="the chat with the sender open during the burst")
    parser.add_argument("--keep", help="work in this directory and keep it (logs, probe files)")
    opts = parser.parse_args()
    smoke = opts.smoke
    opts.runs = opts.runs or (1 if smoke else 3)
    opts.contacts = opts.contacts or (50 if smoke else 2000)
    opts.online = opts.online or (5 if smoke else 200)
    opts.messages = opts.messages or (200 if smoke else 5000)
    opts.idle = opts.idle if opts.idle is not None else (5.0 if smoke else 60.0)
    if smoke and opts.settle == 10.0:
        opts.settle = 2.0
    if not 1 <= opts.online <= opts.contacts:
        parser.error("--online must be between 1 and --contacts")
    if shutil.which("prosody") is None:
        log("prosody is not installed: skipped")
        return 77
    for binary in (opts.natter, opts.natter_cli):
        if not os.access(binary, os.X_OK):
            parser.error(f"{binary} is not an executable")
    return asyncio.run(main_async(opts))


if __name__ == "__main__":
    sys.exit(main())
