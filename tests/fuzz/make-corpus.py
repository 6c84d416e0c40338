#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora (corpus/<target>/) and dictionaries (*.dict) of the fuzz targets.

Seeds come from the recorded streams in tests/data/streams and from the examples of the RFCs and
XEPs (RFC 6120/6121 stanzas, XEP-0030, -0092, -0128, -0198, RFC 5802/7677 SCRAM). Run it again
after changing a recording or an input format; it only rewrites the files it generates, so inputs
added by hand (crash-* regressions) stay. Needs nothing but Python 3.
"""
import base64
import hashlib
import pathlib
import xml.parsers.expat

HERE = pathlib.Path(__file__).resolve().parent
STREAMS = HERE.parent / "data" / "streams"

HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='capulet.lit' "
          "version='1.0' xml:lang='en'>")
TLS = "urn:ietf:params:xml:ns:xmpp-tls"
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
BIND = "urn:ietf:params:xml:ns:xmpp-bind"

# RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256): user "user", password "pencil".
RFC5802_FIRST = b"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"
RFC5802_FINAL = b"v=rmF9pqV8S7suAoZWja4dJRkFsKQ="
RFC7677_FIRST = (b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                 b"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
RFC7677_FINAL = b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def b64(data):
    return base64.b64encode(data).decode()


def recorded():
    return {p.stem: p.read_bytes() for p in sorted(STREAMS.glob("*.xml"))}


def top_level_elements(stream):
    """The children of <stream:stream> in a recorded stream, as the bytes they were sent as."""
    out = []
    depth = 0
    start = None
    empty = False  # nothing happened since the start tag: an empty-element tag
    parser = xml.parsers.expat.ParserCreate()

    def on_start(name, attrs):
        nonlocal depth, start, empty
        depth += 1
        empty = True
        if depth == 2:
            start = parser.CurrentByteIndex

    def on_text(data):
        nonlocal empty
        empty = False

    def on_end(name):
        nonlocal depth, empty
        depth -= 1
        was_empty = empty
        empty = False
        if depth != 1:
            return
        # Expat reports the end of <x/> just behind it, and the end of </x> at its '<'.
        at = parser.CurrentByteIndex
        end = at if was_empty else stream.index(b">", at) + 1
        out.append(stream[start:end])

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    try:
        parser.Parse(stream, False)
    except xml.parsers.expat.ExpatError:
        pass  # recordings end mid-stream or with a stream error
    return out


# ---- stanzas from the specifications ---------------------------------------------------------

STANZAS = {
    # RFC 6121 §2.1.4 roster result, §2.1.6 roster push, §2.5 remove, §3.4 pre-approval
    "roster-result": "<iq id='bv1bs71f' to='juliet@example.com/chamber' type='result'>"
    "<query xmlns='jabber:iq:roster' ver='ver11'>"
    "<item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group></item>"
    "<item jid='mercutio@example.com' name='Mercutio' subscription='from'/>"
    "<item jid='benvolio@example.net' name='Benvolio' subscription='both'/>"
    "<item jid='bad jid@example.net' subscription='both'/></query></iq>",
    "roster-push": "<iq id='a78b4q6ha463' to='juliet@example.com/chamber' type='set'>"
    "<query xmlns='jabber:iq:roster' ver='ver14'><item jid='nurse@example.com' name='Nurse' "
    "ask='subscribe' approved='true' subscription='none'><group>Servants</group>"
    "<group> Servants </group><group/></item></query></iq>",
    "roster-remove": "<iq id='hm4hs97y' type='set'><query xmlns='jabber:iq:roster'>"
    "<item jid='nurse@example.com' subscription='remove'/></query></iq>",
    "roster-empty-ver": "<iq type='result' id='r1'><query xmlns='jabber:iq:roster' ver=''/></iq>",
    # XEP-0030 example 2 with XEP-0128 / XEP-0232 extended information
    "disco-info": "<iq type='result' from='plays.shakespeare.lit' to='romeo@montague.net/orchard' "
    "id='info1'><query xmlns='http://jabber.org/protocol/disco#info' node='http://natter#x'>"
    "<identity category='conference' type='text' name='Play-Specific Chatrooms'/>"
    "<identity category='directory' type='chatroom' name='Play-Specific Chatrooms' "
    "xml:lang='en'/><identity category='client' type='pc'/><identity category='client' "
    "type='pc'/><feature var='http://jabber.org/protocol/disco#info'/>"
    "<feature var='http://jabber.org/protocol/disco#items'/><feature var='urn:xmpp:ping'/>"
    "<feature var='urn:xmpp:ping'/><feature/>"
    "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
    "<value>urn:xmpp:dataforms:softwareinfo</value></field><field var='os'><value>Linux</value>"
    "</field><field var='software'><value>Natter</value></field></x></query></iq>",
    "disco-info-get": "<iq type='get' from='romeo@montague.net/orchard' to='plays.shakespeare.lit' "
    "id='info1'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
    # XEP-0092
    "version-result": "<iq type='result' to='romeo@montague.net/orchard' "
    "from='juliet@capulet.com/balcony' id='version_1'><query xmlns='jabber:iq:version'>"
    "<name>Exodus</name><version> 0.7.0.4 </version><os>Windows-XP 5.01.2600</os></query></iq>",
    "version-get": "<iq type='get' from='romeo@montague.net/orchard' "
    "to='juliet@capulet.com/balcony' id='version_1'><query xmlns='jabber:iq:version'/></iq>",
    # RFC 6120 §8.3 errors
    "iq-error": "<iq from='im.example.com' id='ixc1' to='juliet@im.example.com/foo' type='error'>"
    "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>someresource</resource></bind>"
    "<error type='cancel' by='im.example.com'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Resource in use</text>"
    "</error></iq>",
    "message-error-gone": "<message from='romeo@example.net' to='juliet@example.com/balcony' "
    "type='error' id='m1'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>"
    "xmpp:romeo@afterlife.example.net</gone></error></message>",
    "presence-error-redirect": "<presence type='error' from='room@muc.example.com/nick'>"
    "<error type='modify'><redirect xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>"
    "xmpp:room@other.example.com</redirect><undefined-condition "
    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><app-specific xmlns='urn:example'/></error>"
    "</presence>",
    "error-unknown": "<iq type='error' id='e2'><error type='bogus'><made-up "
    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text "
    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>one</text><text "
    "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>two</text></error></iq>",
    # RFC 6121 §5 messages, §4 presence
    "message-chat": "<message from='juliet@example.com/balcony' id='ktx72v49' "
    "to='romeo@example.net' type='chat' xml:lang='en'><subject>Imploring</subject>"
    "<subject xml:lang='cs'>&#x00DA;p&#x011B;nliv&#x00E9;</subject>"
    "<body>Wherefore art thou, Romeo?</body><body xml:lang='cs'>Pro&#x010D;e&#x017D; jsi ty, "
    "Romeo?</body><thread parent='7edac73ab41e45c4aafa7b2d7b749080'>"
    "e0ffe42b28561960c6b12b944a092794b9683a38</thread><origin-id xmlns='urn:xmpp:sid:0' "
    "id='de305d54-75b4-431b-adb2-eb6b9e546014'/></message>",
    "message-groupchat": "<message type='groupchat' from='room@muc.example.com/nick'>"
    "<body>a\r\nb &lt;&amp;&gt; ]]&gt;</body><delay xmlns='urn:xmpp:delay' "
    "stamp='2002-09-10T23:08:25Z'/></message>",
    "presence-away": "<presence from='romeo@example.net/orchard' xml:lang='en'><show>away</show>"
    "<status>be right back</status><status xml:lang='es'>ya vuelvo</status>"
    "<priority>-1</priority></presence>",
    "presence-bad-priority": "<presence><show>bogus</show><priority>300</priority></presence>",
    "presence-subscribe": "<presence id='xk3h1v69' to='juliet@example.com' type='subscribe'/>",
    "presence-unavailable": "<presence type='unavailable' from='romeo@example.net/orchard'/>",
    "iq-ping": "<iq from='capulet.lit' to='juliet@capulet.lit/balcony' id='s2c1' type='get'>"
    "<ping xmlns='urn:xmpp:ping'/></iq>",
}

STREAM_BODIES = {
    "keepalive": " \n\t <message><body>x</body></message>\n </stream:stream>",
    "cdata-entities": "<message><body><![CDATA[<b>&amp;</b>]]>&#x1F600;&lt;&#233;</body></message>",
    "stream-error": "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
    "</stream:error></stream:stream>",
    "comment": "<message><!-- no --></message>",
    "processing-instruction": "<?php echo 1; ?><message/>",
    "doctype": "<!DOCTYPE x [<!ENTITY a 'b'>]><message>&a;</message>",
    "many-attributes": "<message " + " ".join(f"a{i}='{i}'" for i in range(140)) + "/>",
    "deep": "<message>" + "<x>" * 100 + "</x>" * 100 + "</message>",
    "prefixes": "<a:message xmlns:a='jabber:client' xmlns:b='urn:b'><b:x b:y='1' a:z='2' "
    "xml:lang='en'/></a:message>",
    "bad-utf8": "<message><body>\xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80</body></message>",
    "cdata-end-in-text": "<message><body>]]></body></message>",
}
STREAM_PREFIXES = {
    "utf16-declaration": "<?xml version='1.0' encoding='UTF-16'?>",
    "bom": "\ufeff",
}


def negotiation():
    """Server sides of a whole negotiation (documents split at NUL), with the fuzzer's mode."""
    def features(children):
        return f"<stream:features>{children}</stream:features>"

    def mechanisms(*names):
        inner = "".join(f"<mechanism>{n}</mechanism>" for n in names)
        return f"<mechanisms xmlns='{SASL}'>{inner}</mechanisms>"

    starttls = (HEADER + features(f"<starttls xmlns='{TLS}'><required/></starttls>")
                + f"<proceed xmlns='{TLS}'/>")
    bind_features = features(f"<bind xmlns='{BIND}'/><session xmlns='urn:ietf:params:xml:ns:"
                             f"xmpp-session'><optional/></session><sm xmlns='urn:xmpp:sm:3'/>")
    bound = (f"<iq type='result' id='id1'><bind xmlns='{BIND}'><jid>juliet@capulet.lit/balcony"
             f"</jid></bind></iq>")
    scram1 = (HEADER + features(mechanisms("SCRAM-SHA-1", "PLAIN"))
              + f"<challenge xmlns='{SASL}'>{b64(RFC5802_FIRST)}</challenge>"
              + f"<success xmlns='{SASL}'>{b64(RFC5802_FINAL)}</success>")
    scram256 = (HEADER + features(mechanisms("SCRAM-SHA-256", "SCRAM-SHA-1"))
                + f"<challenge xmlns='{SASL}'>{b64(RFC7677_FIRST)}</challenge>"
                + f"<challenge xmlns='{SASL}'>{b64(RFC7677_FINAL)}</challenge>"
                + f"<success xmlns='{SASL}'/>")
    plain = HEADER + features(mechanisms("PLAIN")) + f"<success xmlns='{SASL}'>=</success>"
    session = HEADER + bind_features + bound + "<enabled xmlns='urn:xmpp:sm:3' id='sm-1' " \
        "resume='true' max='300'/>"
    required_session = (HEADER + features(f"<bind xmlns='{BIND}'/><session xmlns='urn:ietf:"
                                          f"params:xml:ns:xmpp-session'/>")
                        + bound + "<iq type='result' id='id2'/>")
    conflict = (HEADER + features(f"<bind xmlns='{BIND}'/>")
                + "<iq type='error' id='id1'><error type='cancel'><conflict "
                "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
                + bound.replace("id='id1'", "id='id2'"))
    resumed = HEADER + features("<sm xmlns='urn:xmpp:sm:3'/>") + \
        "<resumed xmlns='urn:xmpp:sm:3' previd='prev-1' h='1'/>"
    resume_failed = (HEADER + features(f"<bind xmlns='{BIND}'/><sm xmlns='urn:xmpp:sm:3'/>")
                     + "<failed xmlns='urn:xmpp:sm:3'><item-not-found "
                     "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>" + bound)
    sasl_failure = (HEADER + features(mechanisms("SCRAM-SHA-1"))
                    + f"<failure xmlns='{SASL}'><not-authorized/><text xml:lang='en'>no</text>"
                    "</failure>")
    rec = recorded()
    z = "\0"
    return {
        "starttls-scram-sha-1-sm": (0x12, starttls + z + scram1 + z + session),
        "starttls-scram-sha-256-challenge": (0x30, starttls + z + scram256 + z + session),
        "direct-tls-plain": (0x01, plain + z + session),
        "direct-tls-required-session": (0x11, plain + z + required_session),
        "bind-conflict": (0x11, plain + z + conflict),
        "resume": (0x07, plain + z + resumed),
        "resume-failed": (0x17, plain + z + resume_failed),
        "sasl-failure": (0x01, sasl_failure),
        "downgrade": (0x09, scram1),
        "bytewise": (0x52, starttls + z + scram1 + z + session),
        "recorded": (0x02, (rec["prosody-starttls"] + b"\0" + rec["ejabberd-sasl"] + b"\0"
                            + rec["prosody-session"]).decode()),
    }


def sasl_seeds():
    return {
        "rfc5802": (0x00, RFC5802_FIRST, RFC5802_FINAL, b""),
        "rfc5802-final-as-challenge": (0x4C, RFC5802_FIRST, RFC5802_FINAL, b""),
        "rfc7677": (0x21, RFC7677_FIRST, RFC7677_FINAL, b"SCRAM-SHA-256 SCRAM-SHA-1 PLAIN"),
        "rfc7677-challenge": (0x25, RFC7677_FIRST, RFC7677_FINAL, b"PLAIN"),
        "sha512": (0x02, RFC5802_FIRST, b"v=AAAA", "SCRAM-SHA-512 PLAIN".encode()),
        "server-error": (0x00, RFC5802_FIRST, b"e=invalid-proof", b""),
        "mandatory-extension": (0x00, b"m=ext," + RFC5802_FIRST, b"", b""),
        "iterations-over-cap": (0x00, RFC5802_FIRST.replace(b"4096", b"100001"), b"", b""),
        "iterations-huge": (0x00, RFC5802_FIRST.replace(b"4096", b"99999999999999999999"),
                            b"", b""),
        "foreign-nonce": (0x00, b"r=abc,s=QSXCR+Q6sek8bf92,i=1", b"", b""),
        "bad-salt": (0x00, b"r=fyko+d2lbbFgONRv9qkxdawLx,s=!!!,i=1", b"", b""),
        "extensions": (0x00, RFC5802_FIRST + b",x=1,y=2", RFC5802_FINAL + b",z=3", b""),
        "username-escapes": (0x90, RFC5802_FIRST, RFC5802_FINAL, "us=er,nämé\u00ad".encode()),
        "username-prohibited": (0x10, RFC5802_FIRST, b"", "a\u0007b".encode()),
    }


JIDS = [
    "juliet@capulet.lit/balcony", "juliet@example.com/foo bar", "juliet@example.com/foo@bar",
    "foo\\20bar@example.com", "fußball@example.com", "π@example.com", "Σ@example.com",
    "ς@example.com", "king@example.com/♚", "a.example.com/b@example.net", "henryⅣ@example.com",
    "♚@example.com", "a@b/c@d/e", "server/resource@foo/bar", "user@@host", "@host",
    "node@/server", "Juliet@Example.COM/Balcony", "ＪＵＬＩＥＴ@example.com", "ſ@example.com",
    "jul\u00adiet@example.com", "a@example.com/\ufb01le", "a@example.com/x\u3000y",
    "room@muc.example.com/Alice 🐱", "\u05d0\u05d1@example.com", "a＠b@example.com",
    "😀@example.com", "user@Bücher.example", "user@xn--bcher-kva.example",
    "user@XN--BCHER-KVA.EXAMPLE", "user@[::1]/res", "user@[2001:DB8::1]", "[::ffff:1.2.3.4]",
    "example.com.", "example.com。", "例え.テスト", "user@例え．テスト/リソース",
    "user@under_score.example", "user@-lead.example", "a@" + "b" * 64 + ".example",
    "x" * 1023 + "@example.com", "a@example.com/" + "r" * 1024, "a@b\u200dc.example",
    "مثال@مثال.example/مثال", "user@example..com", "1.2.3.4", "a@xn--.example",
]


def dictionary(tokens):
    lines = []
    for token in tokens:
        data = token.encode() if isinstance(token, str) else token
        escaped = "".join(
            chr(b) if 0x20 <= b < 0x7f and b not in (0x22, 0x5c) else f"\\x{b:02X}" for b in data)
        lines.append(f'"{escaped}"')
    return "\n".join(lines) + "\n"


XMPP_TOKENS = [
    "<?xml version='1.0'?>", "<stream:stream", "</stream:stream>", "xmlns='jabber:client'",
    "xmlns:stream='http://etherx.jabber.org/streams'", "version='1.0'", "<stream:features>",
    "</stream:features>", "<stream:error>", "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE", "<?",
    "?>", "/>", "</", "='", "=\"", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x", "&#",
    "xml:lang=", "xmlns=", "xmlns:", "encoding='UTF-8'", "encoding='UTF-16'", "\xef\xbb\xbf",
    "jabber:client", "http://etherx.jabber.org/streams", TLS, SASL, BIND,
    "urn:ietf:params:xml:ns:xmpp-session", "urn:ietf:params:xml:ns:xmpp-stanzas",
    "urn:ietf:params:xml:ns:xmpp-streams", "jabber:iq:roster", "jabber:iq:version",
    "http://jabber.org/protocol/disco#info", "jabber:x:data", "urn:xmpp:sm:3", "urn:xmpp:sid:0",
    "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
    "message", "presence", "iq", "body", "subject", "thread", "show", "status", "priority",
    "error", "text", "query", "item", "group", "identity", "feature", "field", "value", "x",
    "jid", "bind", "resource", "session", "optional", "required", "starttls", "proceed",
    "mechanisms", "mechanism", "auth", "challenge", "response", "success", "failure", "abort",
    "enabled", "resumed", "failed", "sm", "resume", "origin-id", "name", "version", "os",
    "type=", "id=", "to=", "from=", "subscription=", "ask=", "approved=", "ver=", "category=",
    "var=", "node=", "by=", "previd=", "h=", "parent=", "max=",
    "chat", "groupchat", "headline", "get", "set", "result", "subscribe", "subscribed",
    "unsubscribe", "unsubscribed", "probe", "unavailable", "away", "xa", "dnd", "none", "both",
    "remove", "true", "cancel", "modify", "wait", "continue", "FORM_TYPE",
    "bad-request", "conflict", "feature-not-implemented", "forbidden", "gone",
    "internal-server-error", "item-not-found", "jid-malformed", "not-acceptable", "not-allowed",
    "not-authorized", "policy-violation", "recipient-unavailable", "redirect",
    "registration-required", "remote-server-not-found", "remote-server-timeout",
    "resource-constraint", "service-unavailable", "subscription-required",
    "undefined-condition", "unexpected-request", "SCRAM-SHA-1", "SCRAM-SHA-256",
    "SCRAM-SHA-512", "PLAIN", "juliet@capulet.lit/balcony", "id1", "id2", "prev-1",
]
JID_TOKENS = [
    "@", "/", ".", "[", "]", "::1", "xn--", "\\20", "juliet", "capulet.lit", "example.com",
    "\u00df", "\u03c2", "\u03a3", "\u2163", "\u265a", "\u00ad", "\u200d", "\u200c", "\u3002",
    "\uff0e", "\uff61", "\uff20", "\u05d0", "\u0645", "\u0301", "\ufb01", "\u3000", "\u2028",
    "\U0001f600", "\u0130", "\u017f", "\ufeff",
]
SASL_TOKENS = [
    "r=", "s=", "i=", "v=", "e=", "m=", "c=biws", "p=", "n,,n=", ",", "=3D", "=2C",
    "fyko+d2lbbFgONRv9qkxdawL", "rOprNGfwEbeRWgbNEkqO", "QSXCR+Q6sek8bf92", "4096", "100000",
    "100001", "invalid-proof", "other-error", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512",
    "SCRAM-SHA-1-PLUS", "PLAIN", "\u00ad", "\u00a0", "\u0627", "\u05d0",
]


def write(target, name, data):
    directory = HERE / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data.encode() if isinstance(data, str) else data)


def main():
    rec = recorded()
    streams = {f"recorded-{k}": v for k, v in rec.items()}
    for name, body in STREAM_BODIES.items():
        streams[name] = HEADER.encode() + body.encode("utf-8", "surrogateescape")
    for name, prefix in STREAM_PREFIXES.items():
        streams[name] = prefix.encode() + HEADER.encode() + b"<message/>"
    streams["stanzas"] = HEADER.encode() + "".join(STANZAS.values()).encode()
    for name, (mode, server) in negotiation().items():
        streams[f"negotiation-{name}"] = server.split("\0")[-1].encode()

    # StreamParser: mode (chunk count - 1, drain interval), [limits], chunk sizes, stream.
    configurations = [bytes([0x00, 0xff]), bytes([0x02, 0x06, 0x1f, 0x80]),
                      bytes([0x0f, 1, 2, 3, 5, 8, 13, 21, 34]), bytes([0x18, 0x00])]
    for i, (name, stream) in enumerate(sorted(streams.items())):
        config = configurations[i % len(configurations)]
        write("fuzz_streamparser", name, config + stream)
        limits = bytes([0x40, 0x06, 0x04])  # 528 characters, depth 7, 4 attributes
        write("fuzz_streamparser_small", name, config[:1] + limits + config[1:] + stream)

    # Stanzas: everything a recording carries, and the examples.
    elements = {}
    for key, stream in rec.items():
        for i, element in enumerate(top_level_elements(stream)):
            elements[f"recorded-{key}-{i:02d}"] = element
    for name, stanza in STANZAS.items():
        elements[name] = stanza.encode()
    for name, element in elements.items():
        write("fuzz_stanza", name, element)
        if b"stream:" not in element:
            write("fuzz_xmlelement", name, element)
    write("fuzz_stanza", "all-examples", "".join(STANZAS.values()))
    for name, body in STREAM_BODIES.items():
        write("fuzz_xmlelement", f"stream-{name}", body.split("</stream:stream>")[0].strip())

    for name, (mode, server) in negotiation().items():
        write("fuzz_negotiator", name, bytes([mode]) + server.encode())

    for name, (mode, first, final, text) in sasl_seeds().items():
        write("fuzz_sasl", name, bytes([mode]) + first + b"\n" + final + b"\n" + text)

    for jid in JIDS:
        write("fuzz_jid", hashlib.sha1(jid.encode()).hexdigest()[:16], jid)
    write("fuzz_jid", "utf16-surrogate", "a@b/".encode("utf-16-le") + b"\x00\xd8x\x00")

    (HERE / "xmpp.dict").write_text("# XMPP and XML tokens (make-corpus.py)\n"
                                    + dictionary(XMPP_TOKENS))
    (HERE / "jid.dict").write_text("# JID separators and tricky code points (make-corpus.py)\n"
                                   + dictionary(JID_TOKENS))
    (HERE / "sasl.dict").write_text("# SCRAM attributes and mechanism names (make-corpus.py)\n"
                                    + dictionary(SASL_TOKENS))


if __name__ == "__main__":
    main()
