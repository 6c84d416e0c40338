// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "payloads/DiscoInfo.h"
#include "stanza/Jid.h"

#include <QSet>

#include <functional>
#include <optional>

namespace natter {

// Service discovery (XEP-0030): answers disco#info and disco#items about us, asks others, and
// learns once per session what our server and our account (PEP, MAM, … are advertised on the
// bare JID) support.
class DiscoExtension : public Extension
{
    Q_OBJECT
public:
    using InfoCallback = std::function<void(std::optional<DiscoInfo> info, QString error)>;

    explicit DiscoExtension(Account *account);

    // disco#info and disco#items.
    QStringList discoFeatures() const override;
    std::optional<IqReply> handleIq(const Iq &iq) override;
    void sessionStarted(bool resumed) override;
    void sessionEnded() override;

    // What we answer to disco#info: identity client/pc "Natter" and account()->discoFeatures(),
    // with node set as given.
    DiscoInfo ownInfo(const QString &node = {}) const;
    // Nodes answered with ownInfo(node), e.g. XEP-0115's "node#ver". Any other node gets
    // item-not-found.
    void addInfoNode(const QString &node);
    void removeInfoNode(const QString &node);

    // Asks jid (a null jid: our server) for disco#info. The callback runs once, with the
    // answer or with std::nullopt and a sentence for the user; never after context is gone.
    void requestInfo(const Jid &jid, QObject *context, InfoCallback callback,
                     const QString &node = {});

    // After login, disco#info to our domain and to our bare JID, once per session (kept across a
    // XEP-0198 resumption). std::nullopt until answered or when the request failed.
    std::optional<DiscoInfo> serverInfo() const { return m_serverInfo; }
    std::optional<DiscoInfo> accountInfo() const { return m_accountInfo; }
    // Default true.
    void setAutoDiscover(bool on) { m_autoDiscover = on; }
    bool autoDiscover() const { return m_autoDiscover; }

Q_SIGNALS:
    // Both the server and the account answered (or failed to) after login; serverInfo() and
    // accountInfo() hold what was learnt.
    void serverInfoReceived();

private:
    void discover();
    void fetch(const Jid &jid, std::optional<DiscoInfo> DiscoExtension::*target);
    void discovered();

    QSet<QString> m_infoNodes;
    std::optional<DiscoInfo> m_serverInfo;
    std::optional<DiscoInfo> m_accountInfo;
    bool m_autoDiscover = true;
    bool m_discoveryDone = false;
    int m_discoveryPending = 0;
    quint64 m_generation = 0; // answers from an earlier session are ignored
};

} // namespace natter
