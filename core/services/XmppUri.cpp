// SPDX-License-Identifier: GPL-3.0-or-later
#include "XmppUri.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <optional>

namespace natter {

namespace {

// The translation context of the texts below (lupdate reads it from the macro too).
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(natter::XmppUri)
};

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// Percent-decodes one component: %XX octets and literal characters (IRI) together form UTF-8.
std::optional<QString> decode(QStringView in, QString *error)
{
    if (!in.isValidUtf16()) {
        *error = Text::tr("The link contains invalid characters.");
        return std::nullopt;
    }
    QByteArray bytes;
    bytes.reserve(in.size());
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != u'%')
            continue;
        bytes += in.sliced(runStart, i - runStart).toUtf8();
        const int high = i + 1 < in.size() ? hexValue(in[i + 1]) : -1;
        const int low = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
        if (high < 0 || low < 0) {
            *error =
                Text::tr("“%1” is not a valid percent-encoding (expected % and two hexadecimal "
                         "digits).")
                    .arg(in.sliced(i, std::min<qsizetype>(3, in.size() - i)));
            return std::nullopt;
        }
        bytes += static_cast<char>(high * 16 + low);
        i += 2;
        runStart = i + 1;
    }
    bytes += in.sliced(runStart).toUtf8();
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString out = decoder(bytes);
    if (decoder.hasError()) {
        *error = Text::tr("The link contains percent-encoded bytes that are not UTF-8 text.");
        return std::nullopt;
    }
    return out;
}

bool hasControlCharacter(QStringView text, bool allowLineBreaks)
{
    for (const QChar c : text) {
        if (allowLineBreaks && (c == u'\n' || c == u'\r' || c == u'\t'))
            continue;
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// "[node@]host[/resource]" → Jid. The first '/' ends the host; a resource may contain anything.
Jid parseAddress(QStringView path, QString *error)
{
    const qsizetype slash = path.indexOf(u'/');
    const QStringView nodeHost = slash < 0 ? path : path.first(slash);
    const bool hasResource = slash >= 0;
    const QStringView resourceRaw = hasResource ? path.sliced(slash + 1) : QStringView();
    const qsizetype at = nodeHost.indexOf(u'@');
    if (at >= 0 && nodeHost.indexOf(u'@', at + 1) >= 0) {
        *error = Text::tr("The address in the link contains more than one “@”.");
        return {};
    }
    const QStringView nodeRaw = at < 0 ? QStringView() : nodeHost.first(at);
    const QStringView hostRaw = at < 0 ? nodeHost : nodeHost.sliced(at + 1);
    if (at >= 0 && nodeRaw.isEmpty()) {
        *error = Text::tr("The address in the link has nothing before the “@”.");
        return {};
    }
    if (hostRaw.isEmpty()) {
        *error = Text::tr("The link contains no server name.");
        return {};
    }
    if (hasResource && resourceRaw.isEmpty()) {
        *error = Text::tr("The address in the link ends with “/” but has no resource.");
        return {};
    }
    const auto node = decode(nodeRaw, error);
    const auto host = node ? decode(hostRaw, error) : std::nullopt;
    const auto resource = host ? decode(resourceRaw, error) : std::nullopt;
    if (!resource)
        return {};
    const Jid jid = Jid::fromParts(*node, *host, *resource);
    if (jid.isNull()) {
        QString shown = node->isEmpty() ? *host : *node + u'@' + *host;
        if (!resource->isEmpty())
            shown += u'/' + *resource;
        *error = Text::tr("“%1” is not a valid XMPP address.").arg(shown);
    }
    return jid;
}

} // namespace

bool XmppUri::hasXmppScheme(const QString &text)
{
    return text.trimmed().startsWith(QLatin1String("xmpp:"), Qt::CaseInsensitive);
}

XmppUri XmppUri::parse(const QString &text)
{
    XmppUri uri;
    uri.m_text = text;
    const QString trimmed = text.trimmed();
    if (!hasXmppScheme(trimmed)) {
        uri.m_error = Text::tr("“%1” is not an xmpp: link.").arg(text);
        return uri;
    }
    if (hasControlCharacter(trimmed, false)) {
        uri.m_error = Text::tr("The link contains control characters.");
        return uri;
    }
    QStringView rest = QStringView(trimmed).sliced(5); // after "xmpp:"

    // The fragment identifies something inside the target; Natter has nothing to show for it.
    const qsizetype hash = rest.indexOf(u'#');
    if (hash >= 0)
        rest = rest.first(hash);

    QStringView query;
    bool hasQuery = false;
    const qsizetype question = rest.indexOf(u'?');
    if (question >= 0) {
        query = rest.sliced(question + 1);
        rest = rest.first(question);
        hasQuery = true;
    }

    // Authority: xmpp://account@host[/target]
    if (rest.startsWith(u"//")) {
        rest = rest.sliced(2);
        const qsizetype slash = rest.indexOf(u'/');
        const QStringView authority = slash < 0 ? rest : rest.first(slash);
        rest = slash < 0 ? QStringView() : rest.sliced(slash + 1);
        if (!authority.contains(u'@') || authority.contains(u'/')) {
            uri.m_error =
                Text::tr("The account named in the link (“%1”) is not an address of the form "
                         "user@server.")
                    .arg(authority);
            return uri;
        }
        uri.m_account = parseAddress(authority, &uri.m_error);
        if (uri.m_account.isNull())
            return uri;
        if (rest.isEmpty()) {
            uri.m_error = Text::tr("The link names only an account (%1), no address to open.")
                              .arg(uri.m_account.bareString());
            return uri;
        }
    }

    if (rest.isEmpty()) {
        uri.m_error = Text::tr("The link contains no address.");
        return uri;
    }
    uri.m_target = parseAddress(rest, &uri.m_error);
    if (uri.m_target.isNull())
        return uri;

    if (!hasQuery)
        return uri;
    const QList<QStringView> parts = query.split(u';');
    const auto type = decode(parts.first(), &uri.m_error);
    if (!type) {
        uri.m_target = Jid();
        return uri;
    }
    uri.m_queryType = *type;
    if (uri.m_queryType == u"message")
        uri.m_action = Action::Message;
    else if (uri.m_queryType == u"roster")
        uri.m_action = Action::Roster;
    else if (uri.m_queryType == u"subscribe")
        uri.m_action = Action::Subscribe;
    else
        uri.m_action = uri.m_queryType.isEmpty() ? Action::Open : Action::Other;

    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QStringView pair = parts.at(i);
        if (pair.isEmpty())
            continue; // "?message;" — tolerate a trailing separator
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            uri.m_error =
                Text::tr("The link parameter “%1” is not of the form key=value.").arg(pair);
            uri.m_target = Jid();
            return uri;
        }
        const auto key = decode(pair.first(eq), &uri.m_error);
        const auto value = key ? decode(pair.sliced(eq + 1), &uri.m_error) : std::nullopt;
        if (!value) {
            uri.m_target = Jid();
            return uri;
        }
        if (hasControlCharacter(*key, false) || hasControlCharacter(*value, true)) {
            uri.m_error =
                Text::tr("The link parameter “%1” contains control characters.").arg(*key);
            uri.m_target = Jid();
            return uri;
        }
        uri.m_parameters.append({*key, *value});
    }
    return uri;
}

bool XmppUri::hasValue(const QString &key) const
{
    for (const auto &[k, v] : m_parameters) {
        if (k == key)
            return true;
    }
    return false;
}

QString XmppUri::value(const QString &key) const
{
    for (const auto &[k, v] : m_parameters) {
        if (k == key)
            return v;
    }
    return {};
}

} // namespace natter
