// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "account/Extension.h"
#include "payloads/SoftwareVersion.h"
#include "stanza/Jid.h"

#include <functional>
#include <optional>

namespace natter {

// Software Version (XEP-0092): tells who asks that we are Natter and which version, and asks
// others the same.
class VersionExtension : public Extension
{
    Q_OBJECT
public:
    using VersionCallback =
        std::function<void(std::optional<SoftwareVersion> version, QString error)>;

    explicit VersionExtension(Account *account);

    QStringList discoFeatures() const override;
    std::optional<IqReply> handleIq(const Iq &iq) override;

    // What we answer: name "Natter", NATTER_VERSION and, when shared, the operating system.
    SoftwareVersion ownVersion() const;

    // Off by default, for privacy: anyone may ask for our version — also people not in the
    // roster — and the exact operating system release tells an attacker which exploits to try
    // (XEP-0092 §4 recommends letting the user decide).
    void setShareOperatingSystem(bool on) { m_shareOs = on; }
    bool shareOperatingSystem() const { return m_shareOs; }

    // Asks to (a null jid: our server) for its software version. The callback runs once, with
    // the answer or with std::nullopt and a sentence for the user; never after context is gone.
    void requestVersion(const Jid &to, QObject *context, VersionCallback callback);

private:
    bool m_shareOs = false;
};

} // namespace natter
