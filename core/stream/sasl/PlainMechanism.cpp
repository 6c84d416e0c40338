// SPDX-License-Identifier: GPL-3.0-or-later
#include "stream/sasl/PlainMechanism.h"

#include <QCoreApplication>

namespace natter {

PlainMechanism::PlainMechanism(const QString &username, const QString &password)
    : m_username(username)
    , m_password(password)
{}

QByteArray PlainMechanism::initialResponse()
{
    if (m_sent) {
        m_error = QCoreApplication::translate("natter", "The PLAIN exchange was already started.");
        return {};
    }
    const std::optional<QString> username = saslPrep(m_username);
    if (!username) {
        m_error = QCoreApplication::translate(
            "natter", "The user name contains a character that is not allowed for login.");
        return {};
    }
    if (username->isEmpty()) {
        m_error = QCoreApplication::translate("natter", "The user name is empty.");
        return {};
    }
    const std::optional<QString> password = saslPrep(m_password);
    if (!password) {
        m_error = QCoreApplication::translate(
            "natter", "The password contains a character that is not allowed for login.");
        return {};
    }
    // RFC 4616: passwd = 1*SAFE.
    if (password->isEmpty()) {
        m_error = QCoreApplication::translate("natter", "The password is empty.");
        return {};
    }

    m_sent = true;
    m_password.fill(QChar(u'\0'));
    m_password.clear();

    QByteArray message;
    message.append('\0'); // empty authorization identity: act as ourselves
    message.append(username->toUtf8());
    message.append('\0');
    message.append(password->toUtf8());
    return message;
}

std::optional<QByteArray> PlainMechanism::respond(const QByteArray &challenge)
{
    Q_UNUSED(challenge);
    // PLAIN is a single message; we always send it as the initial response, so any challenge is
    // a protocol violation.
    m_error = QCoreApplication::translate("natter", "The server sent an unexpected challenge.");
    return std::nullopt;
}

bool PlainMechanism::verifySuccess(const QByteArray &additionalData)
{
    // PLAIN defines no additional data and the server proves nothing; anything it sends along
    // with <success/> carries no meaning and is ignored.
    Q_UNUSED(additionalData);
    if (!m_sent) {
        m_error = QCoreApplication::translate(
            "natter", "The server reported success before the credentials were sent.");
        return false;
    }
    return true;
}

} // namespace natter
