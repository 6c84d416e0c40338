// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Iq.h"
#include "stanza/StanzaError.h"

#include <functional>

namespace natter {

// The one outcome of an IQ request: a result, an error from the other side, or a local
// failure (no answer in time, or the connection went away first).
struct IqResult
{
    enum class Status
    {
        Result,
        Error,
        Timeout,
        Disconnected
    };

    Status status = Status::Timeout;
    Iq response;       // the <iq type='result'/> or <iq type='error'/> received
    StanzaError error; // for Status::Error

    bool ok() const { return status == Status::Result; }
    XmlElement payload() const { return response.payload(); }
    // What went wrong, in words for the user (translated); empty when ok().
    QString errorString() const;
};

using IqCallback = std::function<void(const IqResult &)>;

} // namespace natter
