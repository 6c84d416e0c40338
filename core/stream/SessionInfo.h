// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QSet>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace natter {

// What the server told us while the session was negotiated.
struct SessionInfo
{
    Jid jid; // the bound full JID
    QString streamId;
    QString mechanism; // SASL mechanism used
    // Stream features offered after authentication, as "namespace local-name" keys, e.g.
    // "urn:xmpp:features:rosterver ver".
    QSet<QString> features;
    // The server's certificate. Optional: a QSslCertificate, even an empty one, loads the TLS
    // backend (OpenSSL) when made, which an idle session object should not cost at start-up.
    std::optional<QSslCertificate> peerCertificate;
    bool resumed = false; // XEP-0198 resumption instead of a new session

    bool hasFeature(const QString &namespaceUri, const QString &name) const
    {
        return features.contains(featureKey(namespaceUri, name));
    }
    static QString featureKey(const QString &namespaceUri, const QString &name)
    {
        return namespaceUri + u' ' + name;
    }
};

} // namespace natter
