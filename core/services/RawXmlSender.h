// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace natter {

class Account;

// "Send raw XML" of the XML console: checks that the text is exactly one well-formed element,
// read as if it came inside a stream whose default namespace is jabber:client (so "<iq .../>"
// needs no xmlns) and under the same restricted-XML rules as the stream itself (no DOCTYPE,
// entity, processing instruction or comment), then sends it on the account. Nothing goes out
// unless the whole text passed, so a typo can never break the stream.
class RawXmlSender
{
    Q_DECLARE_TR_FUNCTIONS(RawXmlSender)
public:
    explicit RawXmlSender(Account *account)
        : m_account(account)
    {}

    // Sends the element and returns an empty string, or returns why nothing was sent (for the
    // user, translated).
    QString send(const QString &xml);

    // The check alone: an empty string when xml is one acceptable element, else the reason.
    static QString check(const QString &xml);

private:
    Account *m_account;
};

} // namespace natter
